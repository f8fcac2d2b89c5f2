package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Transport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A protocol that records what the reactor does to it, so that tests can wait for events and the
 * kit can check the call-order contract. Subclasses add behaviour in {@link #made()},
 * {@link #received(ByteBuffer)} and {@link #lost(ConnectionClosed)}.
 *
 * <p>Every callback checks it runs on the reactor thread, in contract order (made once, then data,
 * then lost once); breaks are recorded with the kit and fail the test at its end.
 */
class Probe extends BaseProtocol {

    final Kit kit;
    final String name;
    final AtomicInteger madeCount = new AtomicInteger();
    final List<ConnectionClosed> reasons = new CopyOnWriteArrayList<>();
    final AtomicLong receivedBytes = new AtomicLong();
    private final ByteArrayOutputStream kept;
    private volatile Thread home;

    /** A probe that counts received bytes but keeps none. */
    Probe(Kit kit, String name) {
        this(kit, name, false);
    }

    Probe(Kit kit, String name, boolean keepBytes) {
        this.kit = kit;
        this.name = name;
        this.kept = keepBytes ? new ByteArrayOutputStream() : null;
        kit.register(this);
    }

    @Override
    public final void connectionMade() {
        onReactorThread("connectionMade");
        if (madeCount.incrementAndGet() != 1) {
            kit.violation(name + ": connectionMade called again");
        }
        made();
    }

    @Override
    public final void dataReceived(ByteBuffer data) {
        onReactorThread("dataReceived");
        if (madeCount.get() == 0 || !reasons.isEmpty()) {
            kit.violation(name + ": dataReceived outside connectionMade..connectionLost");
        }
        if (transport.isPaused()) {
            kit.violation(name + ": dataReceived while the transport is paused");
        }
        int length = data.remaining();
        if (kept != null) {
            byte[] copy = new byte[length];
            data.duplicate().get(copy);
            synchronized (kept) {
                kept.write(copy, 0, length);
            }
        }
        receivedBytes.addAndGet(length);
        received(data);
    }

    @Override
    public final void connectionLost(ConnectionClosed reason) {
        onReactorThread("connectionLost");
        if (madeCount.get() == 0) {
            kit.violation(name + ": connectionLost before connectionMade");
        }
        lost(reason); // first: a test that sees the reason may read what lost() recorded
        reasons.add(reason);
        if (reasons.size() > 1) {
            kit.violation(name + ": connectionLost called " + reasons.size() + " times: " + reasons);
        }
    }

    /** Behaviour on connectionMade; the transport is set. */
    void made() {
    }

    /** Behaviour on dataReceived, after the bytes were counted (and kept, if asked). */
    void received(ByteBuffer data) {
    }

    /** Behaviour on connectionLost. */
    void lost(ConnectionClosed reason) {
    }

    final Transport transport() {
        return transport;
    }

    final boolean isMade() {
        return madeCount.get() > 0;
    }

    final boolean isLost() {
        return !reasons.isEmpty();
    }

    /** The first reason, once connectionLost ran. */
    final ConnectionClosed reason() {
        return reasons.isEmpty() ? null : reasons.get(0);
    }

    /** Runs {@code task} on the loop this probe's connection lives on (once made) and returns its result. */
    final <T> T call(java.util.concurrent.Callable<T> task) {
        return kit.callOn(transport.reactor(), task);
    }

    /** Runs {@code task} on this probe's loop and waits for it. */
    final void exec(Kit.ReactorTask task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    /** Waits for connectionMade. */
    final Probe awaitMade() {
        Await.await(name + " connectionMade", this::isMade);
        return this;
    }

    /** Waits for connectionLost and returns its reason. */
    final ConnectionClosed awaitLost() {
        Await.await(name + " connectionLost", this::isLost);
        return reason();
    }

    /** The bytes kept so far (only for probes made to keep them). */
    final byte[] keptBytes() {
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    final void onReactorThread(String callback) {
        Thread current = Thread.currentThread();
        if (!kit.onReactorThread()) {
            kit.violation(name + ": " + callback + " ran on " + current.getName());
        }
        // On a group: one connection, one loop, for its whole life.
        if (home == null) {
            home = current;
        } else if (home != current) {
            kit.violation(name + ": " + callback + " ran on " + current.getName() + ", earlier callbacks on " + home.getName());
        }
    }

    /** The thread of this probe's first callback: its loop's. */
    final Thread home() {
        return home;
    }

    /** After the reactor stopped: a connection that was made was lost exactly once. */
    final void checkClosedProperly() {
        if (madeCount.get() > 0) {
            assertEquals(1, reasons.size(), name + ": connectionLost calls after reactor stop " + reasons);
        }
    }
}
