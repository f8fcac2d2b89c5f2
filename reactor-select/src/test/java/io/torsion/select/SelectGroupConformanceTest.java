package io.torsion.select;

import io.torsion.api.ListenStrategy;
import io.torsion.tck.GroupConformance;
import io.torsion.tck.SocketKind;
import org.junit.jupiter.api.Nested;

/** The kit on a two-loop select group: SO_REUSEPORT and the acceptor over TCP, the acceptor over a Unix socket. */
class SelectGroupConformanceTest {

    @Nested
    class ReusePort extends GroupConformance {
        ReusePort() {
            super("select", SocketKind.TCP4, ListenStrategy.REUSE_PORT);
        }
    }

    @Nested
    class Acceptor extends GroupConformance {
        Acceptor() {
            super("select", SocketKind.TCP4, ListenStrategy.FEWEST_CONNECTIONS);
        }
    }

    @Nested
    class UnixAcceptor extends GroupConformance {
        UnixAcceptor() {
            super("select", SocketKind.UNIX, ListenStrategy.FEWEST_CONNECTIONS);
        }
    }
}
