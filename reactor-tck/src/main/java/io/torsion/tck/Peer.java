package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The other end of a connection under test: a plain blocking {@link Socket}, so that what the
 * reactor does is judged by code that is not the reactor. Every read has a timeout, so a test
 * whose reactor went quiet fails instead of hanging.
 */
final class Peer implements Closeable {

    /** A receive buffer small enough that the kernel cannot hold a large test transfer for us. */
    static final int SMALL_BUFFER = 64 * 1024;

    /** How long one blocking read may wait. */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private Peer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to 127.0.0.1:{@code port}; a positive {@code receiveBuffer} is fixed before connecting. */
    static Peer connect(int port, int receiveBuffer) {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return new Peer(socket);
        } catch (IOException e) {
            Loopback.closeQuietly(socket);
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** A peer over a socket already connected (a TLS socket over a plain one, say), with the read timeout set. */
    static Peer over(Socket socket) throws IOException {
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new Peer(socket);
    }

    void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly {@code length} bytes; fails on end of stream. */
    byte[] readExactly(int length) throws IOException {
        byte[] data = new byte[length];
        int got = 0;
        while (got < length) {
            int n = in.read(data, got, length - got);
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + length + " bytes");
            }
            got += n;
        }
        return data;
    }

    String readText(int length) throws IOException {
        return new String(readExactly(length), StandardCharsets.UTF_8);
    }

    /** Everything until end of stream. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    /**
     * Reads {@code length} bytes of pattern stream {@code seed}, checking each against the pattern,
     * and returns their CRC-32.
     */
    long readPattern(long seed, long length) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[64 * 1024];
        long got = 0;
        while (got < length) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, length - got));
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + length + " bytes");
            }
            long bad = Pattern.firstMismatch(seed, got, chunk, 0, n);
            if (bad >= 0) {
                throw new AssertionError("byte " + bad + " of the stream is wrong (lost, duplicated or reordered data)");
            }
            crc.update(chunk, 0, n);
            got += n;
        }
        return crc.getValue();
    }

    /** Writes {@code length} bytes of pattern stream {@code seed} from {@code offset}, in chunks, and returns their CRC-32. */
    long writePattern(long seed, long offset, long length) throws IOException {
        CRC32 crc = new CRC32();
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(64 * 1024, length - done);
            byte[] chunk = Pattern.bytes(seed, offset + done, n);
            crc.update(chunk);
            out.write(chunk);
            done += n;
        }
        out.flush();
        return crc.getValue();
    }

    /** Asserts the next read is end of stream (a clean FIN), not data and not a reset. */
    void expectEof() throws IOException {
        int next = in.read();
        assertEquals(-1, next, "expected end of stream, read a byte");
    }

    /**
     * Reads until the connection ends, by end of stream or by reset, and returns how many bytes came
     * first. Fails if it does not end within the read timeout.
     */
    long readUntilEndOrReset() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection did not end within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (SocketException reset) {
            assertTrue(String.valueOf(reset.getMessage()).toLowerCase().contains("reset"),
                    "expected end of stream or a reset, got " + reset);
        }
        return total;
    }

    /** Half-closes: the server reads end of stream, we can still read. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with SO_LINGER 0: the kernel sends a reset instead of a FIN. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
