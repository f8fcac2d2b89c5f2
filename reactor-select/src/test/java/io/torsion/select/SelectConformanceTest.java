package io.torsion.select;

import io.torsion.tck.BackendConformance;
import org.junit.jupiter.api.Nested;

/** Runs the whole conformance kit on the select backend, the stream cases once per kind of stream socket (TLS over TCP and over Unix sockets among them). */
class SelectConformanceTest extends BackendConformance {

    SelectConformanceTest() {
        super("select");
    }

    @Nested
    class Tcp4 extends BackendConformance.Tcp4 { }

    @Nested
    class Tcp6 extends BackendConformance.Tcp6 { }

    @Nested
    class Unix extends BackendConformance.Unix { }

    @Nested
    class Tls extends BackendConformance.Tls { }

    @Nested
    class TlsUnix extends BackendConformance.TlsUnix { }
}
