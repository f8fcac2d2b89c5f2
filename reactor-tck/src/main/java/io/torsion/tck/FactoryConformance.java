package io.torsion.tck;

import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.assertPortFree;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What the reactor does with factories: their lifecycle and their refusals. */
public interface FactoryConformance extends Kit {

    /** Counts its lifecycle calls; refuses the first {@code refusals} connections (null or a throw). */
    final class CountingFactory implements Factory {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        final List<EchoProbe> built = new CopyOnWriteArrayList<>();
        final AtomicInteger refused = new AtomicInteger();
        private final Kit kit;
        private final int refusals;
        private final boolean refuseByThrowing;

        CountingFactory(Kit kit, int refusals, boolean refuseByThrowing) {
            this.kit = kit;
            this.refusals = refusals;
            this.refuseByThrowing = refuseByThrowing;
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            onThread("buildProtocol");
            if (starts.get() != 1 || stops.get() != 0) {
                kit.violation("buildProtocol outside startFactory..stopFactory");
            }
            if (refused.get() < refusals) {
                refused.incrementAndGet();
                if (refuseByThrowing) {
                    throw new IllegalStateException("buildProtocol refuses on purpose");
                }
                return null;
            }
            EchoProbe protocol = new EchoProbe(kit, "echo-server", false);
            built.add(protocol);
            return protocol;
        }

        @Override
        public void startFactory() {
            onThread("startFactory");
            starts.incrementAndGet();
        }

        @Override
        public void stopFactory() {
            onThread("stopFactory");
            stops.incrementAndGet();
        }

        private void onThread(String callback) {
            if (!kit.onReactorThread()) {
                kit.violation("factory " + callback + " ran on " + Thread.currentThread().getName());
            }
        }
    }

    @Test
    @Tag("factory")
    default void oneFactoryOnTwoPortsStartsOnceAndStopsOnceAfterTheLastPort() throws Exception {
        CountingFactory factory = new CountingFactory(this, 0, false);
        ListeningPort first = listen(factory);
        ListeningPort second = listen(factory);
        assertEquals(1, factory.starts.get(), "startFactory calls after two listens");
        Peer one = connect(first);
        Peer two = connect(second);
        assertEchoes(one, "one");
        assertEchoes(two, "two");
        boolean listening = call(() -> {
            first.stopListening();
            kind().assertFree(first.address());
            first.stopListening();
            return first.isListening();
        });
        assertFalse(listening, "isListening() after stopListening()");
        assertEquals(0, factory.stops.get(), "stopFactory calls while a port still listens");
        assertEchoes(one, "accepted connections outlive their port");
        exec(second::stopListening);
        assertEquals(1, factory.stops.get(), "stopFactory calls after the last port stopped");
        exec(second::stopListening);
        assertEquals(1, factory.stops.get(), "stopFactory calls after stopping a stopped port");
        assertEquals(1, factory.starts.get(), "startFactory calls");
        assertEchoes(two, "still open");
    }

    @Test
    @Tag("factory")
    default void buildProtocolReturningNullClosesTheAcceptedSocketAtOnce() throws Exception {
        checkRefusal(false);
    }

    @Test
    @Tag("factory")
    default void buildProtocolThrowingRefusesOnlyThatConnection() throws Exception {
        checkRefusal(true);
    }

    private void checkRefusal(boolean byThrowing) throws Exception {
        CountingFactory factory = new CountingFactory(this, 1, byThrowing);
        ListeningPort port = listen(factory);
        if (kind().isTls()) {
            // The refused connection closes before its handshake: the peer's handshake meets end of
            // stream, or a reset when its ClientHello reached the socket before the close; over a
            // Unix socket, writing the ClientHello after the close is a broken pipe.
            Throwable why = assertThrows(UncheckedIOException.class, () -> connect(port)).getCause();
            String message = String.valueOf(why.getMessage()).toLowerCase();
            assertTrue(why instanceof SSLHandshakeException
                    || why instanceof IOException && (message.contains("reset") || !kind().isTcp() && message.contains("broken pipe")),
                    "why the refused TLS connection failed: " + why);
        } else {
            connect(port).expectEof();
        }
        assertEquals(1, factory.refused.get(), "refusals");
        Peer accepted = connect(port);
        assertEchoes(accepted, "the next one is served");
        assertTrue(factory.built.size() == 1, "protocols built");
    }
}
