package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.api.endpoints.Endpoints;
import io.torsion.api.endpoints.StreamServerEndpoint;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** An app's factory listening on a free port (127.0.0.1 unless told otherwise), with its reactor on its own thread. */
final class InProcessServer implements AutoCloseable {

    private static final String LOOPBACK = "tcp:0:interface=127.0.0.1";

    private final Reactor reactor;
    private final Thread thread;
    private final int port;

    private InProcessServer(String backend, StreamServerEndpoint endpoint, Function<Reactor, Factory> factory)
            throws Exception {
        reactor = Reactors.create(backend);
        CompletableFuture<ListeningPort> listening = new CompletableFuture<>();
        // listenTcp belongs on the thread that runs the reactor.
        thread = new Thread(() -> {
            try {
                listening.complete(endpoint.listen(reactor, factory.apply(reactor)));
            } catch (Throwable e) {
                listening.completeExceptionally(e);
                return;
            }
            reactor.run();
        }, "server-" + backend);
        thread.setDaemon(true);
        thread.start();
        port = listening.get(10, TimeUnit.SECONDS).port();
    }

    static InProcessServer start(String backend, Factory factory) throws Exception {
        return startOn(backend, LOOPBACK, factory);
    }

    /** As {@link #start(String, Factory)}, for a factory that needs the reactor (to schedule timers on it). */
    static InProcessServer startWith(String backend, Function<Reactor, Factory> factory) throws Exception {
        return new InProcessServer(backend, Endpoints.serverFromString(LOOPBACK), factory);
    }

    /** The factory listening on {@code endpoint}, a server endpoint string. */
    static InProcessServer startOn(String backend, String endpoint, Factory factory) throws Exception {
        return new InProcessServer(backend, Endpoints.serverFromString(endpoint), reactor -> factory);
    }

    int port() {
        return port;
    }

    Reactor reactor() {
        return reactor;
    }

    /** Runs {@code task} on the reactor thread and returns what it returned. */
    <T> T onReactor(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    /** Stops the reactor (closing every connection, stopping the factory) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        reactor.stop();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        if (thread.isAlive()) {
            throw new IllegalStateException("reactor did not stop within 10 s");
        }
    }
}
