package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** An app's factory listening on 127.0.0.1, on a free port, with its reactor on its own thread. */
final class InProcessServer implements AutoCloseable {

    private final Reactor reactor;
    private final Thread thread;
    private final int port;

    private InProcessServer(String backend, Function<Reactor, Factory> factoryFor) throws Exception {
        reactor = Reactors.create(backend);
        Factory factory = factoryFor.apply(reactor);
        CompletableFuture<ListeningPort> listening = new CompletableFuture<>();
        // listenTcp belongs on the thread that runs the reactor.
        thread = new Thread(() -> {
            try {
                listening.complete(reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), factory));
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
        return new InProcessServer(backend, reactor -> factory);
    }

    /** Starts the factory {@code factoryFor} builds for the server's reactor. */
    static InProcessServer startBuilt(String backend, Function<Reactor, Factory> factoryFor) throws Exception {
        return new InProcessServer(backend, factoryFor);
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
