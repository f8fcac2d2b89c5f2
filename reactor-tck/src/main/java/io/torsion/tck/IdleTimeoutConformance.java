package io.torsion.tck;

import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.ListeningPort;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code Transport.setIdleTimeout}: quiet connections close, busy ones do not. */
public interface IdleTimeoutConformance extends Kit {

    Duration IDLE = Duration.ofSeconds(1);

    /** Sets the idle timeout on connect and notes when it did so and when it was closed. */
    final class Sleepy extends Probe {
        final AtomicLong madeAt = new AtomicLong();
        final AtomicLong lostAt = new AtomicLong();

        Sleepy(Kit kit) {
            super(kit, "idle-timeout-server");
        }

        @Override
        void made() {
            madeAt.set(System.nanoTime());
            transport.setIdleTimeout(IDLE);
        }

        @Override
        void lost(ConnectionClosed reason) {
            lostAt.set(System.nanoTime());
        }
    }

    @Test
    @Tag("idle")
    default void idleConnectionClosesWithConnectionTimedOut() throws Exception {
        List<Sleepy> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Sleepy(this)));
        Peer client = connect(port);
        Sleepy server = awaitMade(servers, 1).get(0);
        assertInstanceOf(ConnectionTimedOut.class, server.awaitLost(), "reason for an idle connection");
        client.expectEof();
        long idleFor = server.lostAt.get() - server.madeAt.get();
        assertTrue(idleFor >= IDLE.toNanos(), "closed after " + idleFor / 1_000_000 + " ms idle, timeout " + IDLE);
    }

    /** The client sends a byte every 50 ms for three timeouts; pacing its sends is the test, not settling. */
    @Test
    @Tag("idle")
    default void busyConnectionStaysOpenAndTimesOutOnceQuiet() throws Exception {
        List<Sleepy> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Sleepy(this)));
        Peer client = connect(port);
        Sleepy server = awaitMade(servers, 1).get(0);
        long period = TimeUnit.MILLISECONDS.toNanos(50);
        long start = System.nanoTime();
        long end = start + 3 * IDLE.toNanos();
        long lastSentAt = start;
        for (long next = start; next - end < 0; next += period) {
            LockSupport.parkNanos(next - System.nanoTime());
            lastSentAt = System.nanoTime();
            client.write(new byte[] {'.'});
            assertFalse(server.isLost(), "a connection that hears a byte every 50 ms closed: " + server.reason());
        }
        assertInstanceOf(ConnectionTimedOut.class, server.awaitLost(), "reason once the client went quiet");
        long quietFor = server.lostAt.get() - lastSentAt;
        assertTrue(quietFor >= IDLE.toNanos(), "closed " + quietFor / 1_000_000 + " ms after the last byte, timeout " + IDLE);
    }
}
