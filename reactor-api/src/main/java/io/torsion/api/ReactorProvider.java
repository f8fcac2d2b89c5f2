package io.torsion.api;

import java.util.Optional;

/**
 * A backend as {@link java.util.ServiceLoader} finds it: register implementations in
 * {@code META-INF/services/io.torsion.api.ReactorProvider}. One provider serves one name; a
 * backend with several modes registers one provider per mode.
 */
public interface ReactorProvider {

    /** The name users pass to {@link Reactors#create(String)}, e.g. {@code select} or {@code epoll-et}. */
    String name();

    /**
     * One line for listings such as {@code torsion --help-reactors}: what this backend is, and for
     * an alias, which mode it stands for.
     *
     * @return a short description; by default the name
     */
    default String description() {
        return name();
    }

    /** Higher wins when {@link Reactors#createDefault()} picks the best available backend. */
    int priority();

    /**
     * Empty when this backend can run here; otherwise why not (wrong OS, native library missing).
     * Cheap to call more than once.
     */
    Optional<String> unavailableReason();

    /** A new, not yet running reactor. Only called when {@link #unavailableReason()} is empty. */
    Reactor create();

    /**
     * How a {@link ReactorGroup} of this backend listens on TCP unless told otherwise.
     *
     * @return by default {@link ListenStrategy#FEWEST_CONNECTIONS}, which needs nothing of the platform
     */
    default ListenStrategy groupStrategy() {
        return ListenStrategy.FEWEST_CONNECTIONS;
    }
}
