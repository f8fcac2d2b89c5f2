package io.torsion.api;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;

/**
 * A stream over a Unix domain socket: what every {@link Transport} does, plus who the other end
 * is. A path starting with {@code @} is a Linux abstract name (no file). A connecting client's
 * socket usually has no name: its address is the empty path.
 */
public interface UnixTransport extends Transport {

    @Override
    UnixDomainSocketAddress getPeer();

    @Override
    UnixDomainSocketAddress getHost();

    /**
     * The user, group and (where the backend can see it) process of the other end, as the kernel
     * recorded them when the connection was made ({@code SO_PEERCRED}); a server authorises local
     * clients with it.
     *
     * @throws IOException when the kernel will not say (the connection is already closed, say)
     */
    PeerCredentials peerCredentials() throws IOException;
}
