package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A plain blocking socket client, as a user's script would be. Lines read must end in
 * {@code \r\n}: the wire text is checked to the byte.
 */
final class WireClient implements AutoCloseable {

    static final int READ_TIMEOUT_MS = 10_000;

    private final Closeable connection;
    private final SocketAddress local;
    private final InputStream in;
    private final OutputStream out;
    private final ShutdownOutput shutdownOutput;

    private interface ShutdownOutput {
        void run() throws IOException;
    }

    private WireClient(Socket socket) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MS);
        connection = socket;
        local = socket.getLocalSocketAddress();
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        shutdownOutput = socket::shutdownOutput;
    }

    /** Over a Unix socket: a blocking channel, whose reads the test's own timeout bounds (a channel has no SO_TIMEOUT). */
    private WireClient(SocketChannel channel) throws IOException {
        connection = channel;
        local = channel.getLocalAddress();
        in = new BufferedInputStream(Channels.newInputStream(channel));
        out = Channels.newOutputStream(channel);
        shutdownOutput = channel::shutdownOutput;
    }

    /** A TLS client to 127.0.0.1:{@code port}, verifying the server as {@code localhost} against {@code context}'s trust. */
    static WireClient connectTls(int port, javax.net.ssl.SSLContext context) throws IOException {
        Socket raw = new Socket("127.0.0.1", port);
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(raw, "localhost", port, true);
        javax.net.ssl.SSLParameters p = tls.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(p);
        tls.startHandshake();
        return new WireClient(tls);
    }

    static WireClient connect(int port) throws IOException {
        return new WireClient(new Socket("127.0.0.1", port));
    }

    static WireClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, READ_TIMEOUT_MS);
        return new WireClient(socket);
    }

    static WireClient connectUnix(Path path) throws IOException {
        return new WireClient(SocketChannel.open(UnixDomainSocketAddress.of(path)));
    }

    /** A client whose receive buffer is small, so a server's writes to it back up early. */
    static WireClient connectWithReceiveBuffer(int port, int bytes) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(bytes);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MS);
        return new WireClient(socket);
    }

    /** Sends {@code text} as UTF-8, exactly as given (add the line ending yourself). */
    WireClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    WireClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends {@code line} ending in {@code \r\n}. */
    WireClient sendLine(String line) throws IOException {
        return send(line + "\r\n");
    }

    /** The next line without its {@code \r\n}; fails if it ends any other way. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                fail("end of stream after " + describe(line) + " while waiting for a line");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
            fail("line not ended by \\r\\n: " + describe(line));
        }
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
    }

    /** Reads one line and checks it is {@code expected}. */
    WireClient expect(String expected) throws IOException {
        assertEquals(expected, readLine());
        return this;
    }

    /** Reads exactly {@code n} bytes. */
    byte[] readBytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Reads until the server closes, and returns what came. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Checks the server closes the connection with nothing more sent. */
    void expectEnd() throws IOException {
        try {
            byte[] rest = in.readAllBytes();
            assertEquals("", new String(rest, StandardCharsets.UTF_8), "bytes before end of stream");
        } catch (SocketTimeoutException e) {
            fail("server did not close within " + READ_TIMEOUT_MS + " ms");
        }
    }

    void shutdownOutput() throws IOException {
        shutdownOutput.run();
    }

    InputStream input() {
        return in;
    }

    int localPort() {
        return ((InetSocketAddress) local).getPort();
    }

    SocketAddress localAddress() {
        return local;
    }

    private static String describe(ByteArrayOutputStream bytes) {
        return "'" + bytes.toString(StandardCharsets.UTF_8).replace("\r", "\\r") + "'";
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
