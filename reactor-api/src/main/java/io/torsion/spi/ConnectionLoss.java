package io.torsion.spi;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Transport;

/**
 * Telling everyone a connection has closed, run on the loop turn after the close (never from inside
 * the call that closed): the registered producer stops, the protocol hears {@code connectionLost}
 * exactly once, the loop forgets the connection, and a client connection's connector hears of it.
 */
final class ConnectionLoss implements Runnable {

    private final StreamConnection connection;
    private final Protocol protocol;
    private final Transport face;
    private final ConnectionClosed reason;

    ConnectionLoss(StreamConnection connection, Protocol protocol, Transport face, ConnectionClosed reason) {
        this.connection = connection;
        this.protocol = protocol;
        this.face = face;
        this.reason = reason;
    }

    @Override
    public void run() {
        PushProducer producer = connection.out.unregister();
        if (producer != null && producer != connection && producer != face) {
            try {
                producer.stopProducing();
            } catch (RuntimeException | Error e) {
                connection.loop.uncaughtError(connection.getPeer() + ": producer " + producer + " threw from stopProducing", e);
            }
        }
        try {
            protocol.connectionLost(reason);
        } catch (RuntimeException | Error e) {
            if (Callbacks.isFatal(e)) {
                throw e;
            }
            connection.loop.uncaughtError(connection.getPeer() + ": protocol " + protocol + " threw from connectionLost", e);
        }
        connection.loop.connectionClosed(connection);
        if (connection.connector != null) {
            connection.connector.lost(reason);
        }
    }
}
