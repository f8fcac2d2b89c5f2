package io.torsion.spi;

import io.torsion.api.HalfCloseableProtocol;
import io.torsion.api.Protocol;
import io.torsion.api.Transport;
import java.nio.ByteBuffer;

/**
 * A stream connection's calls into its protocol, each shielded: what the protocol throws is
 * reported and closes that one connection ({@link StreamConnection#protocolFailed}), never the loop.
 */
final class ProtocolCalls {

    private ProtocolCalls() {
    }

    static void makeConnection(StreamConnection connection, Protocol protocol, Transport face) {
        try {
            protocol.makeConnection(face);
        } catch (RuntimeException | Error e) {
            connection.protocolFailed("connectionMade", e);
        }
    }

    static void dataReceived(StreamConnection connection, Protocol protocol, ByteBuffer data) {
        try {
            protocol.dataReceived(data);
        } catch (RuntimeException | Error e) {
            connection.protocolFailed("dataReceived", e);
        }
    }

    /** Tells a half-closeable protocol the peer sent end of stream; false when it threw. */
    static boolean readConnectionLost(StreamConnection connection, HalfCloseableProtocol protocol) {
        try {
            protocol.readConnectionLost();
            return true;
        } catch (RuntimeException | Error e) {
            connection.protocolFailed("readConnectionLost", e);
            return false;
        }
    }

    /** Tells a half-closeable protocol our side is shut down, unless the connection closed meanwhile. */
    static void writeConnectionLost(StreamConnection connection, HalfCloseableProtocol protocol) {
        try {
            if (!connection.isClosed()) {
                protocol.writeConnectionLost();
            }
        } catch (RuntimeException | Error e) {
            connection.protocolFailed("writeConnectionLost", e);
        }
    }
}
