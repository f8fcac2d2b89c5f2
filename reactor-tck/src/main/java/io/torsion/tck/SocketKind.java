package io.torsion.tck;

import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Connector;
import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListenStrategy;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import io.torsion.api.TcpTransport;
import io.torsion.api.Transport;
import io.torsion.api.UnixTransport;
import io.torsion.api.tls.TlsFactories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The kinds of stream socket every stream case runs over: TCP on IPv4 and IPv6 loopback, Unix
 * domain sockets, and TLS over TCP on IPv4 and over Unix sockets: the same stream through
 * torsion's TLS layer, with the JDK's TLS as the peer (an {@code SSLSocket}; over a Unix socket an
 * {@code SSLEngine} the kit drives). Each knows how to listen, connect and name an address
 * nobody listens on.
 */
public enum SocketKind {

    TCP4(TcpTransport.class, null) {
        @Override
        SocketAddress freshAddress(Kit kit) {
            return new InetSocketAddress("127.0.0.1", 0);
        }
    },

    TCP6(TcpTransport.class, null) {
        @Override
        SocketAddress freshAddress(Kit kit) {
            return new InetSocketAddress("::1", 0);
        }
    },

    UNIX(UnixTransport.class, null) {
        @Override
        SocketAddress freshAddress(Kit kit) {
            return UnixDomainSocketAddress.of(kit.scratch().resolve("s" + System.nanoTime() + ".sock"));
        }
    },

    /**
     * TLS (1.3, the default) from the first byte over TCP on IPv4: listening wraps the factory in
     * {@code TlsFactories.server}, the reactor's clients in {@code TlsFactories.client}, and the
     * peer is an {@code SSLSocket} over a plain socket the kit can still reset.
     */
    TLS(TcpTransport.class, TCP4) {
        @Override
        SocketAddress freshAddress(Kit kit) {
            return TCP4.freshAddress(kit);
        }
    },

    /**
     * TLS (1.3) from the first byte over a Unix socket, as {@link #TLS} is over TCP; the JDK has no
     * {@code SSLSocket} over a Unix channel, so the peer drives an {@code SSLEngine} itself
     * ({@link EngineWire}).
     */
    TLS_UNIX(UnixTransport.class, UNIX) {
        @Override
        SocketAddress freshAddress(Kit kit) {
            return UNIX.freshAddress(kit);
        }
    };

    private final Class<? extends Transport> transportType;
    /** The plain kind TLS runs over; null for a plain kind. */
    private final SocketKind beneath;

    SocketKind(Class<? extends Transport> transportType, SocketKind beneath) {
        this.transportType = transportType;
        this.beneath = beneath;
    }

    /** True for a kind whose stream goes through the TLS layer. */
    boolean isTls() {
        return beneath != null;
    }

    /**
     * How many times fewer connections the load cases open: over TLS each one costs a full
     * handshake on both ends, milliseconds of CPU where a plain connect costs microseconds.
     */
    int loadScale() {
        return isTls() ? 20 : 1;
    }

    /**
     * How many bytes writing {@code plaintext} bytes may queue: over TLS the queue holds records,
     * each a header and an authentication tag longer than the plaintext it carries (at most 16 KiB
     * per record, RFC 8446 section 5.2: 5 + 1 + 16 bytes for AES-GCM, 256 allowed).
     */
    long queuedFor(long plaintext) {
        return isTls() ? plaintext + (plaintext / (16 * 1024) + 1) * 256 : plaintext;
    }

    /** The plain socket kind beneath: this kind itself, or what TLS runs over. */
    SocketKind plain() {
        return beneath == null ? this : beneath;
    }

    /** The kind a port listens for: the TLS kind where the kit listened with one, else its address's. */
    static SocketKind of(ListeningPort port) {
        SocketKind plain = of(port.address());
        if (port instanceof TlsPort) {
            return plain == UNIX ? TLS_UNIX : TLS;
        }
        return plain;
    }

    /** The kind a plain address is of (a TCP port opened by a topic that is TCP-only, say). */
    static SocketKind of(SocketAddress address) {
        if (address instanceof UnixDomainSocketAddress) {
            return UNIX;
        }
        return ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address ? TCP6 : TCP4;
    }

    /** An address to listen on: port 0 for TCP, a new path in the test's scratch directory for Unix. */
    abstract SocketAddress freshAddress(Kit kit);

    /** The transport interface a connection of this kind presents. */
    Class<? extends Transport> transportType() {
        return transportType;
    }

    boolean isTcp() {
        return plain() != UNIX;
    }

    /**
     * What a connect to a server that stopped listening fails with: refused for TCP; for Unix the
     * stopped server removed its socket file, so there is no such file.
     */
    Class<? extends IOException> serverGoneFailure() {
        return isTcp() ? ConnectionRefused.class : NoSuchFileException.class;
    }

    /** True when this machine can run the kind (IPv6 loopback may be missing). */
    boolean availableHere() {
        if (plain() != TCP6) {
            return true;
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Listens at {@code address} (on the reactor thread). */
    ListeningPort listen(Reactor reactor, SocketAddress address, Factory factory) throws IOException {
        if (isTls()) {
            return new TlsPort(plain().listen(reactor, address, TlsFactories.server(reactor, factory, KitTls.get().server)));
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return reactor.listenUnix(unix.getPath().toString(), factory);
        }
        return reactor.listenTcp((InetSocketAddress) address, factory);
    }

    /** Listens at {@code address} on every loop of {@code group} with one shared factory (not from a loop). */
    ListeningPort listen(ReactorGroup group, SocketAddress address, Factory factory, ListenStrategy strategy)
            throws IOException {
        GroupFactory shared = GroupFactory.shared(factory);
        if (address instanceof UnixDomainSocketAddress unix) {
            return group.listenUnix(unix.getPath().toString(), shared);
        }
        return group.listenTcp((InetSocketAddress) address, shared, strategy, Reactor.DEFAULT_BACKLOG);
    }

    /** Starts the reactor's own client connection to {@code address} (on the reactor thread). */
    Connector connect(Reactor reactor, SocketAddress address, ClientFactory factory, Duration timeout) {
        if (isTls()) {
            int port = address instanceof InetSocketAddress inet ? inet.getPort() : 0;
            return plain().connect(reactor, address,
                    TlsFactories.client(reactor, factory, KitTls.get().client, KitTls.HOST, port), timeout);
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return reactor.connectUnix(unix.getPath().toString(), factory, timeout);
        }
        InetSocketAddress inet = (InetSocketAddress) address;
        return reactor.connectTcp(inet.getAddress().getHostAddress(), inet.getPort(), factory, timeout);
    }

    /** A plain channel of this kind's family, for a peer the reactor did not make. */
    SocketChannel openChannel() throws IOException {
        return SocketChannel.open(family());
    }

    /**
     * An address where nothing listens, so a connect is refused: a TCP port bound and released, or
     * a Unix socket file whose listener closed (the file stays).
     */
    SocketAddress closedAddress(Kit kit) {
        SocketAddress fresh = freshAddress(kit);
        try (ServerSocketChannel probe = ServerSocketChannel.open(family())) {
            probe.bind(fresh);
            return probe.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that a plain listener can bind {@code address} right now (the port or path is free). */
    void assertFree(SocketAddress address) {
        try (ServerSocketChannel again = ServerSocketChannel.open(family())) {
            again.bind(address);
        } catch (IOException e) {
            throw new AssertionError(address + " cannot be bound again at once", e);
        } finally {
            if (address instanceof UnixDomainSocketAddress unix) {
                try {
                    Files.deleteIfExists(unix.getPath());
                } catch (IOException ignored) {
                    // the scratch directory goes after the test anyway
                }
            }
        }
    }

    private StandardProtocolFamily family() {
        return switch (plain()) {
            case TCP4 -> StandardProtocolFamily.INET;
            case TCP6 -> StandardProtocolFamily.INET6;
            default -> StandardProtocolFamily.UNIX;
        };
    }

    /** A port the kit listens on with a TLS kind: the plain listener, marked so the kit's peers speak TLS to it. */
    private record TlsPort(ListeningPort plain) implements ListeningPort {
        @Override
        public SocketAddress address() {
            return plain.address();
        }

        @Override
        public void stopListening() {
            plain.stopListening();
        }

        @Override
        public boolean isListening() {
            return plain.isListening();
        }
    }

    /** The scratch directory's path for a socket, short enough for the 107-byte limit. */
    static Path newScratch() throws IOException {
        return Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "tk");
    }
}
