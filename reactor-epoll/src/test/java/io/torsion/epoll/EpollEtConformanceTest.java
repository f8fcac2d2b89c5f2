package io.torsion.epoll;

import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.tck.ReactorConformance;
import io.torsion.tck.SocketKind;
import io.torsion.tck.StreamConformance;
import io.torsion.tck.UnixSocketConformance;
import org.junit.jupiter.api.Nested;

/** Runs the whole conformance kit on epoll-et, the stream cases once per kind of stream socket (TLS among them). */
class EpollEtConformanceTest {

    private static Reactor epoll() {
        return Reactors.create("epoll-et");
    }

    @Nested
    class Tcp4 extends ReactorConformance {
        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }

    @Nested
    class Tcp6 extends StreamConformance {
        Tcp6() {
            super(SocketKind.TCP6);
        }

        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }

    @Nested
    class Unix extends StreamConformance implements UnixSocketConformance {
        Unix() {
            super(SocketKind.UNIX);
        }

        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }

    @Nested
    class Tls extends StreamConformance {
        Tls() {
            super(SocketKind.TLS);
        }

        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }
}
