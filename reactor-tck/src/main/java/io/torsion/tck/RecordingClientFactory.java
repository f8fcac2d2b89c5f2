package io.torsion.tck;

import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Connector;
import io.torsion.api.Protocol;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A client factory that builds keeping probes and records how each attempt ended, and when. */
final class RecordingClientFactory implements ClientFactory {

    private final Kit kit;
    final List<Probe> built = new CopyOnWriteArrayList<>();
    final AtomicInteger started = new AtomicInteger();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<ConnectionClosed> losses = new CopyOnWriteArrayList<>();
    final AtomicLong failedAtNanos = new AtomicLong();

    RecordingClientFactory(Kit kit) {
        this.kit = kit;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        check("buildProtocol");
        Probe probe = new Probe(kit, "client", true);
        built.add(probe);
        return probe;
    }

    @Override
    public void startedConnecting(Connector connector) {
        check("startedConnecting");
        started.incrementAndGet();
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        check("clientConnectionFailed");
        failedAtNanos.set(System.nanoTime());
        failures.add(reason);
    }

    @Override
    public void clientConnectionLost(Connector connector, ConnectionClosed reason) {
        check("clientConnectionLost");
        if (built.isEmpty() || !built.get(built.size() - 1).isLost()) {
            kit.violation("clientConnectionLost before the protocol's connectionLost");
        }
        losses.add(reason);
    }

    private void check(String callback) {
        if (!kit.onReactorThread()) {
            kit.violation("client factory " + callback + " ran on " + Thread.currentThread().getName());
        }
    }
}
