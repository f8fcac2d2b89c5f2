package io.torsion.soak;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Where a started server can be reached: its TCP port, its Unix socket and TLS port when it listens
 * on them, with the client-side TLS context that trusts its certificate, or its UDP port (null
 * where it has none).
 */
record Addresses(InetSocketAddress tcp, Path unix, InetSocketAddress tls, SSLContext tlsContext, InetSocketAddress udp) {

    /** The stream links a client may pick, TCP first; none for a datagram server. */
    List<Link> links() {
        List<Link> links = new ArrayList<>();
        if (tcp != null) {
            links.add(Link.TCP);
        }
        if (unix != null) {
            links.add(Link.UNIX);
        }
        if (tls != null) {
            links.add(Link.TLS);
        }
        return links;
    }
}
