package io.torsion.epoll;

import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.tck.LocalConformance;
import io.torsion.tck.ReactorConformance;
import io.torsion.tck.SocketKind;
import org.junit.jupiter.api.Nested;

/** Runs the whole conformance kit on epoll-lt, once per kind of stream socket, and the local topics once. */
class EpollLtConformanceTest {

    private static Reactor epoll() {
        return Reactors.create("epoll-lt");
    }

    @Nested
    class Tcp4 extends ReactorConformance {
        Tcp4() {
            super(SocketKind.TCP4);
        }

        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }

    @Nested
    class Tcp6 extends ReactorConformance {
        Tcp6() {
            super(SocketKind.TCP6);
        }

        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }

    @Nested
    class Unix extends ReactorConformance {
        Unix() {
            super(SocketKind.UNIX);
        }

        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }

    @Nested
    class Local extends LocalConformance {
        @Override
        protected Reactor newReactor() {
            return epoll();
        }
    }
}
