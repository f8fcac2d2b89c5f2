package io.torsion.spi;

import io.torsion.api.BaseProtocol;
import io.torsion.api.DelayedCall;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listening socket's shared logic: accept within a budget, ask the factory for a protocol, start
 * the connection, and survive running out of file descriptors.
 *
 * <p>On EMFILE/ENFILE ({@link TooManyOpenFiles}) the listener stops watching the socket for
 * {@link #FD_EXHAUSTION_PAUSE} and then tries again, so the loop neither spins on a backlog it cannot
 * drain nor stops serving the connections it has. That path allocates no file descriptor: the logger
 * was created when the class loaded and the exception is preallocated.
 */
public abstract class PortListener implements ListeningPort {

    /** Accepts per readiness: drains a burst in few wake-ups, yet one port cannot starve the loop. */
    public static final int ACCEPT_BUDGET = 64;

    /** How long to stop accepting after EMFILE/ENFILE before trying again. */
    static final Duration FD_EXHAUSTION_PAUSE = Duration.ofMillis(100);

    /** At most one warning about fd exhaustion per this many nanoseconds. */
    private static final long WARN_INTERVAL_NANOS = 5_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(PortListener.class);

    private final EventLoop loop;
    private final InetSocketAddress address;
    private final Factory factory;
    private boolean listening = true;
    private DelayedCall retryAccept;
    private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;
    private long suppressedWarnings;

    protected PortListener(EventLoop loop, InetSocketAddress address, Factory factory) {
        this.loop = loop;
        this.address = address;
        this.factory = factory;
    }

    // ---- what a backend provides -----------------------------------------------------------

    /**
     * Accepts one pending connection as a transport that is not started yet; null when none is
     * pending. Throws {@link TooManyOpenFiles#INSTANCE} on EMFILE/ENFILE.
     */
    protected abstract StreamTransport accept() throws IOException;

    /** Starts or stops watching the listening socket for pending connections. */
    protected abstract void acceptInterest(boolean enabled);

    /** Closes the listening socket. Called exactly once. */
    protected abstract void closeSocket();

    /**
     * Accepts now without waiting for readiness (after an fd-exhaustion pause, when no new edge may
     * come). An edge-triggered backend that gets {@code true} back queues the listener to come back.
     */
    protected void acceptNow() {
        onAcceptable();
    }

    // ---- events ------------------------------------------------------------------------------

    /**
     * Pending connections: accepts up to {@link #ACCEPT_BUDGET} of them. Returns true when the
     * budget ran out while more may be pending.
     */
    public final boolean onAcceptable() {
        for (int i = 0; i < ACCEPT_BUDGET; i++) {
            if (!listening) {
                return false;
            }
            StreamTransport transport;
            try {
                transport = accept();
            } catch (TooManyOpenFiles e) {
                pauseAccepting();
                return false;
            } catch (IOException e) {
                // ECONNABORTED and friends concern one connection only; the next may be fine.
                log.debug("{}: accept failed", address, e);
                continue;
            }
            if (transport == null) {
                return false;
            }
            startConnection(transport);
        }
        return true;
    }

    // ---- ListeningPort ----------------------------------------------------------------------

    @Override
    public final InetSocketAddress address() {
        return address;
    }

    @Override
    public final boolean isListening() {
        return listening;
    }

    @Override
    public final void stopListening() {
        if (!listening) {
            return;
        }
        listening = false;
        if (retryAccept != null) {
            retryAccept.cancel();
            retryAccept = null;
        }
        closeSocket();
        loop.portStopped(this);
    }

    final Factory factory() {
        return factory;
    }

    final void beginAccepting() {
        acceptInterest(true);
    }

    @Override
    public String toString() {
        return "PortListener[" + address + (listening ? "" : ", stopped") + "]";
    }

    private void startConnection(StreamTransport transport) {
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(transport.getPeer());
        } catch (RuntimeException e) {
            loop.uncaughtError(transport.getPeer() + ": buildProtocol of " + factory + " threw; refusing the connection", e);
            protocol = null;
        }
        if (protocol == null) {
            transport.discard();
            return;
        }
        if (protocol instanceof BaseProtocol base && base.factory() == null) {
            base.setFactory(factory);
        }
        transport.start(protocol, null);
    }

    private void pauseAccepting() {
        acceptInterest(false);
        warnFdExhaustion();
        retryAccept = loop.callLater(FD_EXHAUSTION_PAUSE, () -> {
            retryAccept = null;
            if (listening) {
                acceptInterest(true);
                acceptNow();
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
