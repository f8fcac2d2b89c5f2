package io.torsion.spi;

import io.torsion.api.DelayedCall;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket of any kind: accept within a budget, hand each accepted handle on (to the loop's
 * factory and {@link EventLoop#adopt}, or, for a group's acceptor, to another loop), and survive
 * running out of file descriptors. It owns a
 * backend's {@link ListenerHandle} and its {@link Registrar}.
 *
 * <p>On EMFILE/ENFILE ({@link TooManyOpenFiles}) the listener stops watching the socket for
 * {@link #FD_EXHAUSTION_PAUSE} and then tries again, so the loop neither spins on a backlog it cannot
 * drain nor stops serving the connections it has. That path allocates no file descriptor: the logger
 * was created when the class loaded and the exception is preallocated.
 */
public final class PortListener implements ListeningPort, ReadinessHandler {

    /** Accepts per readiness: drains a burst in few wake-ups, yet one port cannot starve the loop. */
    public static final int ACCEPT_BUDGET = 64;

    /** How long to stop accepting after EMFILE/ENFILE before trying again. */
    static final Duration FD_EXHAUSTION_PAUSE = Duration.ofMillis(100);

    /** At most one warning about fd exhaustion per this many nanoseconds. */
    private static final long WARN_INTERVAL_NANOS = 5_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(PortListener.class);

    private final EventLoop loop;
    private final ListenerHandle handle;
    private final SocketAddress address;
    private final Factory factory;
    private final Consumer<StreamHandle> accepted;
    private Registrar registrar;
    /** Volatile: a group's port asks from other threads whether its loops still listen. */
    private volatile boolean listening = true;
    private DelayedCall retryAccept;
    private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;
    private long suppressedWarnings;

    /**
     * A listener whose connections {@code accepted} takes over; {@code factory} (null for a group's
     * acceptor) is the one this loop counts as used while it listens.
     */
    PortListener(EventLoop loop, ListenerHandle handle, Factory factory, Consumer<StreamHandle> accepted) {
        this.loop = loop;
        this.handle = handle;
        this.address = handle.localAddress();
        this.factory = factory;
        this.accepted = accepted;
    }

    void beginAccepting() throws IOException {
        registrar = handle.register(this);
        registrar.watch(true, false);
    }

    // ---- readiness -----------------------------------------------------------------------------

    /**
     * Connections are pending: accepts up to {@link #ACCEPT_BUDGET} of them (a listener's budget is
     * its own, whatever the backend's read budget). True when it ran out while more may be pending.
     */
    @Override
    public boolean onReadable(int budget) {
        for (int i = 0; i < ACCEPT_BUDGET; i++) {
            if (!listening) {
                return false;
            }
            StreamHandle next;
            try {
                next = handle.accept();
            } catch (TooManyOpenFiles e) {
                pauseAccepting();
                return false;
            } catch (IOException e) {
                // ECONNABORTED and friends concern one connection only; the next may be fine.
                log.debug("{}: accept failed", address, e);
                continue;
            }
            if (next == null) {
                return false;
            }
            accepted.accept(next);
        }
        return true;
    }

    @Override
    public void onWritable() {
        // a listening socket is never watched for writing
    }

    @Override
    public void onError(IOException error) {
        log.warn("{}: the listening socket reported an error", address, error);
    }

    @Override
    public boolean isClosed() {
        return !listening;
    }

    // ---- ListeningPort ----------------------------------------------------------------------

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public boolean isListening() {
        return listening;
    }

    @Override
    public void stopListening() {
        if (!listening) {
            return;
        }
        listening = false;
        if (retryAccept != null) {
            retryAccept.cancel();
            retryAccept = null;
        }
        if (registrar != null) {
            registrar.cancel();
        }
        handle.close();
        loop.portStopped(this);
    }

    Factory factory() {
        return factory;
    }

    @Override
    public String toString() {
        return "PortListener[" + address + (listening ? "" : ", stopped") + "]";
    }

    private void pauseAccepting() {
        registrar.watch(false, false);
        warnFdExhaustion();
        retryAccept = loop.callLater(FD_EXHAUSTION_PAUSE, () -> {
            retryAccept = null;
            if (listening) {
                registrar.watch(true, false);
                registrar.readNow();
            }
        });
    }

    private void warnFdExhaustion() {
        long now = System.nanoTime();
        if (now - lastWarning < WARN_INTERVAL_NANOS) {
            suppressedWarnings++;
            return;
        }
        lastWarning = now;
        try {
            log.warn("{}: out of file descriptors; not accepting for {} ms ({} similar warnings suppressed)",
                    address, FD_EXHAUSTION_PAUSE.toMillis(), suppressedWarnings);
        } catch (RuntimeException ignored) {
            // Logging must never take the reactor down on this path.
        }
        suppressedWarnings = 0;
    }
}
