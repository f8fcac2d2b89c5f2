package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectTimedOut;
import io.torsion.api.ListeningPort;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Host names in {@code connectTcp}: looked up off the reactor thread, within the connect timeout. */
public interface HostNameConformance extends Kit {

    /** A resolver that answers 127.0.0.1 for every name, once the test lets it. */
    final class HeldResolver {
        final CountDownLatch asked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> threads = new CopyOnWriteArrayList<>();

        InetAddress resolve(String host) throws UnknownHostException {
            threads.add(Thread.currentThread().getName());
            asked.countDown();
            try {
                if (!release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new UnknownHostException(host + ": the test never released the lookup");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(host + ": interrupted");
            }
            return InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
        }
    }

    @Test
    @Tag("client")
    default void aSlowLookupDoesNotStallOtherConnections() throws Exception {
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(echoes);
        HeldResolver resolver = new HeldResolver();
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> {
            reactor().installResolver(resolver::resolve);
            reactor().connectTcp("slow.test", port.port(), factory, Duration.ofSeconds(20));
        });
        assertTrue(resolver.asked.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the lookup started");
        Loopback.assertEchoes(connect(port.port()), "served while a lookup blocks");
        assertEquals(List.of(), factory.built, "no connection before the name resolved");
        resolver.release.countDown();
        awaitMade(factory.built, 1);
        assertTrue(resolver.threads.get(0).contains("-pool-"), "looked up on " + resolver.threads);
    }

    @Test
    @Tag("client")
    default void theConnectTimeoutCoversTheLookup() throws Exception {
        HeldResolver resolver = new HeldResolver();
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> {
            reactor().installResolver(resolver::resolve);
            reactor().connectTcp("never.test", 9, factory, Duration.ofMillis(200));
        });
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        assertInstanceOf(ConnectTimedOut.class, factory.failures.get(0), "a lookup longer than the timeout");
        resolver.release.countDown();
        barrier();
        assertEquals(1, factory.failures.size(), "the late answer is ignored");
        assertEquals(List.of(), factory.built);
    }

    @Test
    @Tag("client")
    default void aNameThatDoesNotResolveFailsTheAttempt() {
        RecordingClientFactory factory = new RecordingClientFactory(this);
        exec(() -> {
            reactor().installResolver(host -> {
                throw new UnknownHostException(host);
            });
            reactor().connectTcp("nowhere.test", 9, factory, Duration.ofSeconds(20));
        });
        await("clientConnectionFailed", () -> !factory.failures.isEmpty());
        assertInstanceOf(UnknownHostException.class, factory.failures.get(0));
    }
}
