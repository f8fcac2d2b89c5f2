package io.torsion.tck;

import io.torsion.api.Reactor;
import io.torsion.api.Reactors;

/**
 * The whole kit on one backend, or one mode of it: {@link ReactorConformance} over TCP on IPv4 and
 * {@link StreamConformance} over IPv6, Unix domain sockets (with {@link UnixSocketConformance}), and
 * TLS over TCP and over Unix sockets, each test with a fresh reactor made by {@link Reactors#create} from the backend's name. A
 * backend's test class passes that name and declares each kind as a nested class with nothing in it:
 *
 * <pre>{@code
 * class SelectConformanceTest extends BackendConformance {
 *     SelectConformanceTest() {
 *         super("select");
 *     }
 *
 *     @Nested class Tcp4 extends BackendConformance.Tcp4 { }
 *     @Nested class Tcp6 extends BackendConformance.Tcp6 { }
 *     @Nested class Unix extends BackendConformance.Unix { }
 *     @Nested class Tls extends BackendConformance.Tls { }
 *     @Nested class TlsUnix extends BackendConformance.TlsUnix { }
 * }
 * }</pre>
 *
 * <p>The kinds are declared again rather than inherited as nested tests because JUnit reports a
 * nested class under the class that declares it: two modes inheriting the same nested classes would
 * report under one name, and the second mode's report would replace the first's.
 */
public abstract class BackendConformance {

    private final String backend;

    /** The kit on the backend {@code Reactors.create} knows as {@code backend}. */
    protected BackendConformance(String backend) {
        this.backend = backend;
    }

    private Reactor newReactor() {
        return Reactors.create(backend);
    }

    /** The whole kit over TCP on IPv4. */
    public abstract class Tcp4 extends ReactorConformance {
        @Override
        protected final Reactor newReactor() {
            return BackendConformance.this.newReactor();
        }
    }

    /** The stream cases over TCP on IPv6. */
    public abstract class Tcp6 extends StreamConformance {
        /** Over {@link SocketKind#TCP6}. */
        protected Tcp6() {
            super(SocketKind.TCP6);
        }

        @Override
        protected final Reactor newReactor() {
            return BackendConformance.this.newReactor();
        }
    }

    /** The stream cases and what only Unix domain sockets have. */
    public abstract class Unix extends StreamConformance implements UnixSocketConformance {
        /** Over {@link SocketKind#UNIX}. */
        protected Unix() {
            super(SocketKind.UNIX);
        }

        @Override
        protected final Reactor newReactor() {
            return BackendConformance.this.newReactor();
        }
    }

    /** The stream cases over TLS. */
    public abstract class Tls extends StreamConformance {
        /** Over {@link SocketKind#TLS}. */
        protected Tls() {
            super(SocketKind.TLS);
        }

        @Override
        protected final Reactor newReactor() {
            return BackendConformance.this.newReactor();
        }
    }

    /** The stream cases over TLS on a Unix socket. */
    public abstract class TlsUnix extends StreamConformance {
        /** Over {@link SocketKind#TLS_UNIX}. */
        protected TlsUnix() {
            super(SocketKind.TLS_UNIX);
        }

        @Override
        protected final Reactor newReactor() {
            return BackendConformance.this.newReactor();
        }
    }
}
