package io.torsion.epoll;

import io.torsion.api.ListenStrategy;
import io.torsion.tck.GroupConformance;
import io.torsion.tck.SocketKind;
import org.junit.jupiter.api.Nested;

/**
 * The kit on two-loop epoll groups: edge-triggered with SO_REUSEPORT, the fewest-connections
 * acceptor and a Unix socket; level-triggered with SO_REUSEPORT and the round-robin acceptor.
 */
class EpollGroupConformanceTest {

    @Nested
    class EtReusePort extends GroupConformance {
        EtReusePort() {
            super("epoll-et", SocketKind.TCP4, ListenStrategy.REUSE_PORT);
        }
    }

    @Nested
    class EtAcceptor extends GroupConformance {
        EtAcceptor() {
            super("epoll-et", SocketKind.TCP4, ListenStrategy.FEWEST_CONNECTIONS);
        }
    }

    @Nested
    class EtUnixAcceptor extends GroupConformance {
        EtUnixAcceptor() {
            super("epoll-et", SocketKind.UNIX, ListenStrategy.FEWEST_CONNECTIONS);
        }
    }

    @Nested
    class LtReusePort extends GroupConformance {
        LtReusePort() {
            super("epoll-lt", SocketKind.TCP4, ListenStrategy.REUSE_PORT);
        }
    }

    @Nested
    class LtRoundRobin extends GroupConformance {
        LtRoundRobin() {
            super("epoll-lt", SocketKind.TCP4, ListenStrategy.ROUND_ROBIN);
        }
    }
}
