package io.torsion.apps;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import io.torsion.api.Transport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps an app's factory to let a test see the server side of each connection. */
final class RecordingFactory implements Factory {

    private final Factory app;
    /** The server-side transports, in accept order; touch them on the reactor thread only. */
    final List<Transport> transports = new ArrayList<>();
    final AtomicInteger lost = new AtomicInteger();

    RecordingFactory(Factory app) {
        this.app = app;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        Protocol protocol = app.buildProtocol(peer);
        return protocol == null ? null : new Recorded(protocol);
    }

    @Override
    public void startFactory() {
        app.startFactory();
    }

    @Override
    public void stopFactory() {
        app.stopFactory();
    }

    /** The most bytes any connection has queued right now; call on the reactor thread. */
    long maxQueuedBytes() {
        return transports.stream().mapToLong(Transport::queuedBytes).max().orElse(0);
    }

    private final class Recorded implements Protocol {
        private final Protocol app;

        Recorded(Protocol app) {
            this.app = app;
        }

        @Override
        public void makeConnection(Transport transport) {
            transports.add(transport);
            app.makeConnection(transport);
        }

        @Override
        public void connectionMade() {
            app.connectionMade();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            app.dataReceived(data);
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            app.connectionLost(reason);
            lost.incrementAndGet();
        }
    }
}
