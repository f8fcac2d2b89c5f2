package io.torsion.spi;

import io.torsion.api.ConnectionTimedOut;
import io.torsion.api.IdleAwareProtocol;
import io.torsion.api.IdleKind;
import io.torsion.api.Protocol;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream connection's idle timeouts and what an expired one means: an {@link IdleAwareProtocol}
 * decides; any other protocol's connection closes with {@link ConnectionTimedOut}. The timers
 * ({@link IdleTimeouts}) are made only when a timeout is first set.
 */
final class IdleWatch {

    private static final Logger log = LoggerFactory.getLogger(IdleWatch.class);

    private final StreamConnection connection;
    private IdleTimeouts timeouts;

    IdleWatch(StreamConnection connection) {
        this.connection = connection;
    }

    /** Sets the three timeouts (null or zero: off); on a closed connection only cancels. */
    void set(Duration read, Duration write, Duration all, boolean closed) {
        if (timeouts == null) {
            if (read == null && write == null && all == null) {
                return;
            }
            timeouts = new IdleTimeouts(connection.loop, this::expired);
        }
        if (closed) {
            timeouts.cancel();
        } else {
            timeouts.set(read, write, all);
        }
    }

    void reset() {
        if (timeouts != null) {
            timeouts.reset();
        }
    }

    void read() {
        if (timeouts != null) {
            timeouts.read();
        }
    }

    void wrote() {
        if (timeouts != null) {
            timeouts.wrote();
        }
    }

    void cancel() {
        if (timeouts != null) {
            timeouts.cancel();
        }
    }

    private void expired(IdleKind kind) {
        Duration interval = timeouts.interval(kind);
        Protocol protocol = connection.protocol();
        if (protocol instanceof IdleAwareProtocol aware) {
            try {
                aware.timeoutConnection(kind);
            } catch (RuntimeException | Error e) {
                connection.protocolFailed("timeoutConnection", e);
            }
            return;
        }
        log.debug("{}: {} idle for {}, closing", connection.getPeer(), kind, interval);
        connection.close(new ConnectionTimedOut(interval));
    }
}
