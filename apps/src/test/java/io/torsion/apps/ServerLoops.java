package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.Reactor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One app served by several loops of one backend, each a reactor on its own thread listening on a
 * port of its own, so a test puts each client on the loop it chooses. {@code factoryFor} is called
 * once per loop, with that loop's reactor, as the launcher calls it.
 */
final class ServerLoops implements Loops {

    private final List<InProcessServer> loops = new ArrayList<>();

    private ServerLoops() {
    }

    static ServerLoops start(String backend, int count, Function<Reactor, Factory> factoryFor) throws Exception {
        ServerLoops server = new ServerLoops();
        try {
            for (int i = 0; i < count; i++) {
                server.loops.add(InProcessServer.startWith(backend, factoryFor));
            }
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The port of loop {@code i} modulo the number of loops: client i on loop i, round the loops. */
    int port(int i) {
        return loops.get(i % loops.size()).port();
    }

    int size() {
        return loops.size();
    }

    /** Runs {@code task} on loop {@code i}'s thread and returns what it returned. */
    <T> T onLoop(int i, java.util.concurrent.Callable<T> task) throws Exception {
        return loops.get(i).onReactor(task);
    }

    /** Loop {@code i}'s reactor. */
    Reactor reactor(int i) {
        return loops.get(i).reactor();
    }

    /** Client {@code i} connected to loop {@code i} modulo the number of loops. */
    @Override
    public WireClient connect(int i) throws Exception {
        return WireClient.connect(port(i));
    }

    @Override
    public void close() throws InterruptedException {
        for (InProcessServer loop : loops) {
            loop.close();
        }
    }
}
