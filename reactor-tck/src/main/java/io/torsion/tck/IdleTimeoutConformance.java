package io.torsion.tck;

import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.IdleAwareProtocol;
import io.torsion.api.IdleKind;
import io.torsion.api.LoopingCall;
import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.ListeningPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code Transport.setIdleTimeout(s)}: quiet connections close, busy ones do not; read and write idleness apart; the hook. */
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

    /** Sets only a read-idle timeout and writes a byte every 50 ms on its own: writing is not reading. */
    final class Talker extends Probe {
        private LoopingCall ticks;

        Talker(Kit kit) {
            super(kit, "read-idle-server");
        }

        @Override
        void made() {
            transport.setIdleTimeouts(IDLE, null, null);
            ticks = LoopingCall.start(transport.scheduler(), Duration.ofMillis(50),
                    () -> transport.write(new byte[] {'t'}));
        }

        @Override
        void lost(ConnectionClosed reason) {
            ticks.stop();
        }
    }

    @Test
    @Tag("idle")
    default void aProtocolThatOnlyWritesTimesOutOnReadIdle() throws Exception {
        List<Talker> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Talker(this)));
        Peer client = connect(port);
        Talker server = awaitMade(servers, 1).get(0);
        assertInstanceOf(ConnectionTimedOut.class, server.awaitLost(), "reason for a connection that only wrote");
        assertTrue(client.readToEnd().length > 0, "the server wrote until the read-idle timeout closed it");
    }

    /** Answers read-idleness with a ping, twice, and then closes itself: the hook decides. */
    final class Pinger extends Probe implements IdleAwareProtocol {
        final List<IdleKind> idle = new CopyOnWriteArrayList<>();

        Pinger(Kit kit) {
            super(kit, "pinging-server");
        }

        @Override
        void made() {
            transport.setIdleTimeouts(Duration.ofMillis(300), null, null);
        }

        @Override
        public void timeoutConnection(IdleKind kind) {
            idle.add(kind);
            if (idle.size() < 3) {
                transport.write("PING\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                transport.loseConnection();
            }
        }
    }

    @Test
    @Tag("idle")
    default void anIdleAwareProtocolPingsInsteadOfBeingClosed() throws Exception {
        List<Pinger> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Pinger(this)));
        Peer client = connect(port);
        Pinger server = awaitMade(servers, 1).get(0);
        assertEquals("PING\nPING\n", client.readText(10), "two pings on an open connection");
        assertInstanceOf(ConnectionDone.class, server.awaitLost(), "closed by the protocol's own choice");
        assertEquals(List.of(IdleKind.READ, IdleKind.READ, IdleKind.READ), server.idle);
    }
}
