package io.torsion.api;

import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The factory a {@link ReactorGroup} listens with: one factory shared by every loop, which must
 * then be thread-safe, or one factory per loop.
 *
 * <ul>
 *   <li>{@link #shared(Factory)}: {@code buildProtocol} runs on any loop's thread, concurrently;
 *       {@code startFactory} runs once, before the first loop listens or is handed connections with
 *       it, and {@code stopFactory} once, after the last loop let it go, which at a group's stop is
 *       after every connection on every loop heard {@code connectionLost}. Both may run on any of the
 *       group's threads, or on the thread that listens before the group runs.
 *   <li>{@link #perLoop(Function)}: the function is called once per loop, with that loop, the first
 *       time the group listens on it; the factory it returns builds the protocols of connections
 *       living on that loop only, and is started and stopped on that loop exactly as on a single
 *       reactor. State shared between the loops' factories is theirs to guard.
 * </ul>
 *
 * One {@code GroupFactory} used for several listening addresses gives each loop the same factory for
 * all of them, as one factory listened with twice on one reactor is.
 */
public final class GroupFactory {

    private final Function<Reactor, ? extends Factory> perLoop;
    private final Factory shared;
    private final Map<Reactor, Factory> made = new ConcurrentHashMap<>();
    /** Loops that started the shared factory and have not stopped it; guarded by this. */
    private int users;

    private GroupFactory(Function<Reactor, ? extends Factory> perLoop, Factory shared) {
        this.perLoop = perLoop;
        this.shared = shared;
    }

    /**
     * One factory for every loop of the group; by passing it here the caller says it is thread-safe.
     *
     * @param threadSafe a factory whose {@code buildProtocol} may run on several threads at once
     * @return the group factory
     */
    public static GroupFactory shared(Factory threadSafe) {
        return new GroupFactory(null, Objects.requireNonNull(threadSafe, "factory"));
    }

    /**
     * One factory per loop, made by {@code factoryFor} from that loop (for its timers, say).
     *
     * @param factoryFor called once per loop, on the thread that listens
     * @return the group factory
     */
    public static GroupFactory perLoop(Function<Reactor, ? extends Factory> factoryFor) {
        return new GroupFactory(Objects.requireNonNull(factoryFor, "factoryFor"), null);
    }

    /** True for {@link #shared(Factory)}. */
    public boolean isShared() {
        return shared != null;
    }

    /**
     * The factory {@code loop} builds its protocols with: made on the first call for that loop, the
     * same one afterwards. For a shared factory, a view whose start and stop are counted over the loops.
     *
     * @param loop one of the group's loops
     * @return that loop's factory
     */
    public Factory forLoop(Reactor loop) {
        return made.computeIfAbsent(loop, this::make);
    }

    private Factory make(Reactor loop) {
        if (shared != null) {
            return new SharedView();
        }
        return Objects.requireNonNull(perLoop.apply(loop), "the per-loop factory function returned null");
    }

    @Override
    public String toString() {
        return shared != null ? "GroupFactory.shared(" + shared + ")" : "GroupFactory.perLoop(" + perLoop + ")";
    }

    /** One loop's face of the shared factory: builds with it, and counts starts and stops over the loops. */
    private final class SharedView implements Factory {

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            Protocol protocol = shared.buildProtocol(peer);
            if (protocol instanceof BaseProtocol base && base.factory() == null) {
                base.setFactory(shared); // the protocol sees the user's factory, not this view
            }
            return protocol;
        }

        @Override
        public void startFactory() {
            synchronized (GroupFactory.this) {
                if (users++ == 0) {
                    shared.startFactory();
                }
            }
        }

        @Override
        public void stopFactory() {
            synchronized (GroupFactory.this) {
                if (users > 0 && --users == 0) {
                    shared.stopFactory();
                }
            }
        }

        @Override
        public String toString() {
            return shared.toString();
        }
    }
}
