package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionLost;
import io.torsion.api.ListeningPort;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** User code that throws costs its own connection and nothing else. */
public interface CallbackExceptionConformance extends Kit {

    /** Throws from the callback it is told to, with an exception the test can find again. */
    final class Thrower extends Probe {
        final RuntimeException thrown;
        private final boolean inConnectionMade;

        Thrower(Kit kit, boolean inConnectionMade) {
            super(kit, "throwing-server");
            this.inConnectionMade = inConnectionMade;
            this.thrown = new IllegalStateException("thrown on purpose from "
                    + (inConnectionMade ? "connectionMade" : "dataReceived"));
        }

        @Override
        void made() {
            if (inConnectionMade) {
                throw thrown;
            }
        }

        @Override
        void received(ByteBuffer data) {
            throw thrown;
        }
    }

    @Test
    @Tag("errors")
    default void exceptionInConnectionMadeClosesOnlyThatConnection() throws Exception {
        checkThrowingCallback(true);
    }

    @Test
    @Tag("errors")
    default void exceptionInDataReceivedClosesOnlyThatConnection() throws Exception {
        checkThrowingCallback(false);
    }

    private void checkThrowingCallback(boolean inConnectionMade) throws Exception {
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        ListeningPort echoPort = listenEcho(echoes);
        Peer bystander = connect(echoPort);
        assertEchoes(bystander, "before");
        List<Thrower> throwers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(throwers, () -> new Thrower(this, inConnectionMade)));
        Peer victim = connect(port);
        if (!inConnectionMade) {
            victim.write("boom");
        }
        victim.readUntilEndOrReset();
        Thrower thrower = awaitMade(throwers, 1).get(0);
        ConnectionClosed reason = thrower.awaitLost();
        assertInstanceOf(ConnectionLost.class, reason, "reason after a callback threw");
        assertTrue(causedBy(reason, thrower.thrown), "the reason carries the thrown exception: " + reason);
        assertEchoes(bystander, "after");
        assertEchoes(connect(echoPort), "newcomer");
        assertFalse(echoes.get(0).isLost(), "the bystander's connection was closed");
    }

    private static boolean causedBy(Throwable reason, Throwable thrown) {
        for (Throwable t = reason; t != null; t = t.getCause()) {
            if (t == thrown) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Schedules, through its transport, a timer that throws. */
    final class TimerThrower extends EchoProbe {
        final AtomicInteger fired = new AtomicInteger();
        final RuntimeException thrown = new IllegalStateException("thrown on purpose from a timer");

        TimerThrower(Kit kit) {
            super(kit, "timer-throwing-server", false);
        }

        @Override
        void made() {
            transport.scheduler().callLater(Duration.ofMillis(1), () -> {
                fired.incrementAndGet();
                throw thrown;
            });
        }
    }

    /**
     * A timer scheduled through a transport's scheduler belongs to that connection: when it throws,
     * that connection closes with the exception, and the reactor, its timers and every other
     * connection go on.
     */
    @Test
    @Tag("errors")
    default void exceptionInConnectionTimerClosesOnlyThatConnection() throws Exception {
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        ListeningPort echoPort = listenEcho(echoes);
        Peer bystander = connect(echoPort);
        List<TimerThrower> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new TimerThrower(this)));
        Peer victim = connect(port);
        TimerThrower server = awaitMade(servers, 1).get(0);
        await("the throwing timer ran", () -> server.fired.get() == 1);
        victim.readUntilEndOrReset();
        ConnectionClosed reason = server.awaitLost();
        assertInstanceOf(ConnectionLost.class, reason, "reason after a connection's timer threw");
        assertTrue(causedBy(reason, server.thrown), "the reason carries the thrown exception: " + reason);
        AtomicInteger later = new AtomicInteger();
        exec(() -> reactor().callLater(Duration.ofMillis(1), later::incrementAndGet));
        await("a later timer ran", () -> later.get() == 1);
        assertEchoes(bystander, "still here");
        assertFalse(echoes.get(0).isLost(), "the bystander's connection was closed");
    }

    /**
     * A task given to the reactor directly belongs to no connection: {@link
     * io.torsion.api.Scheduler#callLater} says a throwing task is logged and otherwise ignored.
     */
    @Test
    @Tag("errors")
    default void exceptionInReactorTimerIsLoggedAndEveryConnectionGoesOn() throws Exception {
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        ListeningPort echoPort = listenEcho(echoes);
        Peer client = connect(echoPort);
        AtomicInteger fired = new AtomicInteger();
        exec(() -> reactor().callLater(Duration.ofMillis(1), () -> {
            fired.incrementAndGet();
            throw new IllegalStateException("thrown on purpose from a reactor timer");
        }));
        await("the throwing timer ran", () -> fired.get() == 1);
        AtomicInteger later = new AtomicInteger();
        exec(() -> reactor().callLater(Duration.ofMillis(1), later::incrementAndGet));
        await("a later timer ran", () -> later.get() == 1);
        assertEchoes(client, "still here");
        assertEchoes(connect(echoPort), "newcomer");
        assertFalse(echoes.get(0).isLost(), "a connection was closed");
    }
    /** One report to an {@link io.torsion.api.UncaughtErrorHandler}, with where it ran. */
    record Report(String context, Throwable error, boolean onReactorThread) {
    }

    /**
     * Every exception user code throws reaches the handler set with {@code onUncaughtError}, once,
     * on the reactor thread: from a protocol callback, a reactor timer and a handed-over task. A
     * handler that throws itself does not stop the reactor.
     */
    @Test
    @Tag("errors")
    default void everyUncaughtErrorReachesTheHandlerOnce() throws Exception {
        List<Report> reports = new CopyOnWriteArrayList<>();
        RuntimeException fromTimer = new IllegalStateException("thrown on purpose from a reactor timer");
        RuntimeException fromTask = new IllegalStateException("thrown on purpose from a task");
        onUncaughtError((context, error) -> {
            reports.add(new Report(context, error, onReactorThread()));
            if (error == fromTask) {
                throw new IllegalStateException("thrown on purpose by the handler");
            }
        });
        List<Thrower> throwers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(throwers, () -> new Thrower(this, false)));
        Peer victim = connect(port);
        victim.write("boom");
        Thrower thrower = awaitMade(throwers, 1).get(0);
        thrower.awaitLost();
        exec(() -> reactor().callLater(Duration.ofMillis(1), () -> {
            throw fromTimer;
        }));
        reactor().callFromThread(() -> {
            throw fromTask;
        });
        await("three reports", () -> reports.size() >= 3);
        barrier();
        assertEquals(3, reports.size(), "reports: " + reports);
        for (Report report : reports) {
            assertTrue(report.onReactorThread(), "reported off the reactor thread: " + report);
        }
        Report protocol = reports.stream().filter(r -> r.error() == thrower.thrown).findFirst().orElseThrow();
        assertTrue(protocol.context().contains("dataReceived"), "context names the callback: " + protocol.context());
        assertEquals(1, reports.stream().filter(r -> r.error() == fromTimer).count(), "reports of the timer's exception");
        assertEquals(1, reports.stream().filter(r -> r.error() == fromTask).count(), "reports of the task's exception");
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        assertEchoes(connect(listenEcho(echoes)), "still serving");
    }
}
