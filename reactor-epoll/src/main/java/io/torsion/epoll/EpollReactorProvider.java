package io.torsion.epoll;

import io.torsion.api.ListenStrategy;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorProvider;
import io.torsion.epoll.nativeio.Native;
import java.util.Optional;

/**
 * Registers the {@code epoll} backend in its default trigger mode, {@link #DEFAULT_MODE}. Its
 * priority is above select's, so {@link io.torsion.api.Reactors#createDefault()} prefers it wherever
 * the native layer loads, and falls back to select (with one warning naming the reason) elsewhere.
 */
public final class EpollReactorProvider implements ReactorProvider {

    /** The mode behind the plain name {@code epoll}; see native-notes.md for the measurement. */
    static final TriggerMode DEFAULT_MODE = TriggerMode.EDGE;

    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public String description() {
        return "native Linux epoll in its default mode, " + triggering(DEFAULT_MODE)
                + ": the same as " + DEFAULT_MODE.reactorName();
    }

    @Override
    public int priority() {
        return 30;
    }

    @Override
    public Optional<String> unavailableReason() {
        return availability();
    }

    @Override
    public Reactor create() {
        return new EpollReactor(DEFAULT_MODE);
    }

    /** The kernel balances SO_REUSEPORT sockets on Linux, and nothing crosses threads per connection. */
    @Override
    public ListenStrategy groupStrategy() {
        return ListenStrategy.REUSE_PORT;
    }

    static String triggering(TriggerMode mode) {
        return mode.isEdge() ? "edge-triggered" : "level-triggered";
    }

    /** The native layer's verdict; a class path without jnr-ffi at all is one more reason. */
    static Optional<String> availability() {
        try {
            return Native.unavailableReason();
        } catch (LinkageError e) {
            return Optional.of("jnr-ffi is not on the class path: " + e);
        }
    }

    /**
     * The names {@code epoll-et} and {@code epoll-lt}, for choosing a mode explicitly. Their priority
     * is below select's on purpose: {@code epoll} already stands for them in the default choice, and
     * where epoll cannot load, the fallback then warns once rather than once per mode.
     */
    abstract static class ForMode implements ReactorProvider {

        private final TriggerMode mode;

        ForMode(TriggerMode mode) {
            this.mode = mode;
        }

        @Override
        public final String name() {
            return mode.reactorName();
        }

        @Override
        public final String description() {
            return "native Linux epoll, " + triggering(mode);
        }

        @Override
        public final int priority() {
            return mode.isEdge() ? 2 : 1;
        }

        @Override
        public final Optional<String> unavailableReason() {
            return availability();
        }

        @Override
        public final Reactor create() {
            return new EpollReactor(mode);
        }

        @Override
        public final ListenStrategy groupStrategy() {
            return ListenStrategy.REUSE_PORT;
        }
    }

    /** Registers {@code epoll-et}. */
    public static final class EdgeTriggered extends ForMode {
        public EdgeTriggered() {
            super(TriggerMode.EDGE);
        }
    }

    /** Registers {@code epoll-lt}. */
    public static final class LevelTriggered extends ForMode {
        public LevelTriggered() {
            super(TriggerMode.LEVEL);
        }
    }
}
