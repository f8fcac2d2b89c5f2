package io.torsion.tck;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The JDK's own TLS client ({@link SSLSocket}) as the other end of a TLS connection under test,
 * layered over a plain socket the test can still reach: to close it without close_notify, to
 * write raw bytes, or to corrupt the next record on its way out.
 */
final class TlsClient implements Closeable {

    final TamperingSocket raw;
    final SSLSocket tls;
    final Peer peer;

    private TlsClient(TamperingSocket raw, SSLSocket tls, Peer peer) {
        this.raw = raw;
        this.tls = tls;
        this.peer = peer;
    }

    /**
     * Connects to 127.0.0.1:{@code port} and handshakes as {@code serverName} (SNI and host name
     * verification); {@code tweak} may change the parameters first (versions, ALPN).
     */
    static TlsClient connect(int port, SSLContext context, String serverName, Consumer<SSLParameters> tweak) {
        TamperingSocket raw = new TamperingSocket();
        try {
            // Small, so that the kernel cannot soak up a large echo and the server's queue fills.
            raw.setReceiveBufferSize(Peer.SMALL_BUFFER);
            raw.connect(new InetSocketAddress("127.0.0.1", port), Peer.READ_TIMEOUT_MILLIS);
            raw.setSoTimeout(Peer.READ_TIMEOUT_MILLIS);
            raw.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(raw, serverName, port, true);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(serverName)));
            tweak.accept(p);
            tls.setSSLParameters(p);
            tls.startHandshake();
            return new TlsClient(raw, tls, Peer.over(raw, tls));
        } catch (IOException e) {
            Loopback.closeQuietly(raw);
            throw new UncheckedIOException("TLS connection to 127.0.0.1:" + port + " as " + serverName + " failed", e);
        }
    }

    /** TLS record content types (RFC 8446 section 5.1). */
    static final int ALERT = 21;
    static final int APPLICATION_DATA = 23;

    /**
     * Reads the raw stream beneath the TLS socket until end of stream (or reset) and returns the
     * content type of each record, in order. Meaningful for TLS 1.2, where types are in the clear.
     */
    List<Integer> recordTypesUntilEnd() throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(raw.getInputStream());
        List<Integer> types = new java.util.ArrayList<>();
        try {
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return types;
                }
                in.readShort();
                in.skipNBytes(in.readUnsignedShort());
                types.add(type);
            }
        } catch (java.net.SocketException reset) {
            return types;
        }
    }

    /** Closes the TCP connection beneath, so the server sees end of stream without close_notify. */
    void closeWithoutCloseNotify() throws IOException {
        raw.close();
    }

    @Override
    public void close() throws IOException {
        tls.close();
        raw.close();
    }

    /** A plain socket whose next write can be corrupted on request, under the TLS socket's feet. */
    static final class TamperingSocket extends Socket {
        private volatile boolean corruptNextWrite;
        private OutputStream tampering;

        /** Flips a byte inside the next record written (past its 5-byte header), so its MAC fails. */
        void corruptNextWrite() {
            corruptNextWrite = true;
        }

        /** Writes bytes straight to the socket, bypassing TLS. */
        void writeRaw(byte[] data) throws IOException {
            super.getOutputStream().write(data);
            super.getOutputStream().flush();
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (tampering == null) {
                tampering = new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (corruptNextWrite && len > 8) {
                            corruptNextWrite = false;
                            byte[] copy = b.clone();
                            copy[off + len - 1] ^= 0x5A;
                            out.write(copy, off, len);
                            return;
                        }
                        out.write(b, off, len);
                    }
                };
            }
            return tampering;
        }
    }
}
