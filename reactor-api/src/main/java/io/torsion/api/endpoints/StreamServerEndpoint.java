package io.torsion.api.endpoints;

import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Somewhere a stream server can listen: a TCP port, a Unix socket. Made by
 * {@link Endpoints#serverFromString} or built directly; a value, so one endpoint can be used on
 * several reactors.
 */
public interface StreamServerEndpoint {

    /**
     * Starts listening on {@code reactor} with {@code factory}, as the reactor's own {@code listen}
     * method for this kind of socket does, and under the same threading rules (on the reactor
     * thread, or before it runs). A host name is resolved here, not when the string was parsed.
     */
    ListeningPort listen(Reactor reactor, Factory factory) throws IOException;

    /**
     * Listens as {@link #listen} does and returns a stage of the port, as Twisted's endpoint
     * {@code listen()} returns a Deferred: it completes with the listening port, or fails with exactly
     * what {@code listen} would throw (a {@link java.net.BindException} for an address in use, an
     * {@code IOException} for another refusal, {@code IllegalStateException("reactor is stopped")}).
     * Any thread may call it: off the reactor thread the listen is handed to the reactor
     * ({@link Reactor#callFromThread}), so it happens once the reactor runs. The stage completes on
     * the reactor thread (at once when called there).
     */
    default CompletionStage<ListeningPort> listenAsync(Reactor reactor, Factory factory) {
        return listenAsync(reactor, factory, null);
    }

    /** As {@link #listenAsync(Reactor, Factory)}, the stage completing on {@code completeOn} (null: the reactor thread). */
    default CompletionStage<ListeningPort> listenAsync(Reactor reactor, Factory factory, Executor completeOn) {
        CompletableFuture<ListeningPort> stage = new CompletableFuture<>();
        Runnable attempt = () -> {
            try {
                ListeningPort port = listen(reactor, factory);
                complete(completeOn, () -> stage.complete(port));
            } catch (IOException | RuntimeException e) {
                complete(completeOn, () -> stage.completeExceptionally(e));
            }
        };
        if (reactor.isReactorThread()) {
            attempt.run();
        } else {
            try {
                reactor.callFromThread(attempt);
            } catch (RuntimeException e) {
                stage.completeExceptionally(e);
            }
        }
        return stage;
    }

    private static void complete(Executor completeOn, Runnable completion) {
        if (completeOn == null) {
            completion.run();
        } else {
            completeOn.execute(completion);
        }
    }

    /**
     * Starts listening on every loop of {@code group}, as the group's own {@code listen} method for
     * this kind of socket does and under its threading rules (before it runs, or from a thread that
     * is not one of its loops).
     *
     * @param group the group
     * @param factory the factory, shared or per loop
     * @return the port, which stops listening on every loop at once
     * @throws IOException as {@link #listen(Reactor, Factory)} does
     * @throws UnsupportedOperationException by default, for a group of more than one loop: an
     *     endpoint of its own kind says how it spreads over loops
     */
    default ListeningPort listen(ReactorGroup group, GroupFactory factory) throws IOException {
        if (group.size() == 1) {
            Reactor only = group.loops().get(0);
            return listen(only, factory.forLoop(only));
        }
        throw new UnsupportedOperationException(this + " cannot listen on a group of " + group.size() + " loops");
    }
}
