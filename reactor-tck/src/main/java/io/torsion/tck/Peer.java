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
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import javax.net.ssl.SSLSocket;

/**
 * The other end of a connection under test: a plain {@link SocketChannel} of the kit's socket kind,
 * driven with blocking semantics, so that what the reactor does is judged by code that is not the
 * reactor. Every wait has a timeout, so a test whose reactor went quiet fails instead of hanging.
 */
final class Peer implements Closeable {

    /** A receive buffer small enough that the kernel cannot hold a large test transfer for us. */
    static final int SMALL_BUFFER = 64 * 1024;

    /** How long one read or write may wait. */
    static final int READ_TIMEOUT_MILLIS = 20_000;

    /** The raw moves of one peer: over a channel of any family, a TLS socket, or a TLS engine over a channel. */
    interface Wire extends Closeable {
        /** Reads into {@code into}: bytes read, -1 at end of stream; waits at most the read timeout. */
        int read(ByteBuffer into) throws IOException;

        void write(ByteBuffer from) throws IOException;

        void shutdownOutput() throws IOException;

        /** Closes so that the other end sees a reset where the kind has one. */
        void reset() throws IOException;

        SocketAddress localAddress() throws IOException;
    }

    private final Wire wire;

    private Peer(Wire wire) {
        this.wire = wire;
    }

    /**
     * Connects to {@code address}; a positive {@code receiveBuffer} is fixed before connecting. A
     * TLS kind handshakes before this returns: over TCP with the JDK's {@code SSLSocket}, over a
     * Unix socket (where there is none) with an {@link EngineWire}.
     */
    static Peer connect(SocketKind kind, SocketAddress address, int receiveBuffer) {
        if (kind.isTls() && kind.isTcp()) {
            return connectTls(address, receiveBuffer);
        }
        SocketChannel channel = null;
        try {
            channel = kind.openChannel();
            if (receiveBuffer > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer);
            }
            if (kind.isTcp()) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.connect(address);
            Wire wire = new ChannelWire(kind, channel);
            return new Peer(kind.isTls() ? EngineWire.handshake(wire, KitTls.peerEngine()) : wire);
        } catch (IOException e) {
            if (channel != null) {
                Loopback.closeQuietly(channel);
            }
            throw new UncheckedIOException("cannot connect" + (kind.isTls() ? " over TLS" : "") + " to " + address, e);
        }
    }

    /**
     * A TLS peer: the JDK's {@link SSLSocket} over a plain TCP socket, handshaken with the kit's
     * client options (the test CA, host name {@code localhost}) before this returns.
     */
    private static Peer connectTls(SocketAddress address, int receiveBuffer) {
        Socket raw = new Socket();
        try {
            if (receiveBuffer > 0) {
                raw.setReceiveBufferSize(receiveBuffer);
            }
            raw.connect(address, READ_TIMEOUT_MILLIS);
            raw.setTcpNoDelay(true);
            SSLSocket tls = (SSLSocket) KitTls.get().peerContext.getSocketFactory()
                    .createSocket(raw, KitTls.HOST, ((InetSocketAddress) address).getPort(), true);
            KitTls.configurePeer(tls);
            Peer peer = over(raw, tls);
            tls.startHandshake();
            return peer;
        } catch (IOException e) {
            Loopback.closeQuietly(raw);
            throw new UncheckedIOException("cannot connect over TLS to " + address, e);
        }
    }

    /**
     * A peer over a TLS socket layered on {@code raw}, with the read timeout set: it closes with
     * close_notify, and resets the plain socket beneath, so the other end sees no close_notify.
     */
    static Peer over(Socket raw, SSLSocket tls) throws IOException {
        raw.setSoTimeout(READ_TIMEOUT_MILLIS);
        return new Peer(new SocketWire(raw, tls));
    }

    void write(byte[] data) throws IOException {
        wire.write(ByteBuffer.wrap(data));
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Exactly {@code length} bytes; fails on end of stream. */
    byte[] readExactly(int length) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(length);
        while (data.hasRemaining()) {
            if (read(data) < 0) {
                throw new AssertionError("end of stream after " + data.position() + " of " + length + " bytes");
            }
        }
        return data.array();
    }

    String readText(int length) throws IOException {
        return new String(readExactly(length), StandardCharsets.UTF_8);
    }

    /** Everything until end of stream. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (read(chunk.clear()) >= 0) {
            all.write(chunk.array(), 0, chunk.position());
        }
        return all.toByteArray();
    }

    /**
     * Reads {@code length} bytes of pattern stream {@code seed}, checking each against the pattern,
     * and returns their CRC-32.
     */
    long readPattern(long seed, long length) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long got = 0;
        while (got < length) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), length - got));
            int n = read(chunk);
            if (n < 0) {
                throw new AssertionError("end of stream after " + got + " of " + length + " bytes");
            }
            long bad = Pattern.firstMismatch(seed, got, chunk.array(), 0, n);
            if (bad >= 0) {
                throw new AssertionError("byte " + bad + " of the stream is wrong (lost, duplicated or reordered data)");
            }
            crc.update(chunk.array(), 0, n);
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
            write(chunk);
            done += n;
        }
        return crc.getValue();
    }

    /** Asserts the next read is end of stream (a clean end), not data and not a reset. */
    void expectEof() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        assertEquals(-1, read(one), "expected end of stream, read a byte");
    }

    /** Everything until the connection ends, by end of stream or by reset. */
    byte[] readUntilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        try {
            while (read(chunk.clear()) >= 0) {
                all.write(chunk.array(), 0, chunk.position());
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection did not end within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException reset) {
            // a reset ends it too
        }
        return all.toByteArray();
    }

    /**
     * Reads until the connection ends, by end of stream or by reset, and returns how many bytes came
     * first. Fails if it does not end within the read timeout.
     */
    long readUntilEndOrReset() throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        try {
            for (int n; (n = read(chunk.clear())) >= 0; ) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection did not end within " + READ_TIMEOUT_MILLIS + " ms", e);
        } catch (IOException reset) {
            assertTrue(String.valueOf(reset.getMessage()).toLowerCase().contains("reset"),
                    "expected end of stream or a reset, got " + reset);
        }
        return total;
    }

    /** Half-closes: the server reads end of stream, we can still read. */
    void shutdownOutput() throws IOException {
        wire.shutdownOutput();
    }

    /**
     * Ends the connection so that the other end sees a reset. TCP: SO_LINGER 0, and the kernel sends
     * RST. A Unix socket has no reset; its kernel tells the other end ECONNRESET when it is closed
     * over bytes it never read (else the other end reads end of stream), so a test that needs the
     * reset has the server write something first.
     */
    void reset() throws IOException {
        wire.reset();
    }

    /** This end's address (a TCP port; for Unix usually the unnamed address). */
    SocketAddress localAddress() throws IOException {
        return wire.localAddress();
    }

    /** This end's TCP port. */
    int localPort() throws IOException {
        return ((InetSocketAddress) wire.localAddress()).getPort();
    }

    @Override
    public void close() throws IOException {
        wire.close();
    }

    private int read(ByteBuffer into) throws IOException {
        return wire.read(into);
    }

    /** A non-blocking channel with one selector per direction: a test may read on one thread while another writes. */
    private static final class ChannelWire implements Wire {
        private final SocketKind kind;
        private final SocketChannel channel;
        private final Selector readable;
        private final Selector writable;

        ChannelWire(SocketKind kind, SocketChannel channel) throws IOException {
            this.kind = kind;
            this.channel = channel;
            channel.configureBlocking(false);
            this.readable = Selector.open();
            this.writable = Selector.open();
            channel.register(readable, SelectionKey.OP_READ);
            channel.register(writable, SelectionKey.OP_WRITE);
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            int n = channel.read(into);
            while (n == 0 && into.hasRemaining()) {
                await(readable);
                n = channel.read(into);
            }
            return n;
        }

        @Override
        public void write(ByteBuffer from) throws IOException {
            while (from.hasRemaining()) {
                if (channel.write(from) == 0) {
                    await(writable);
                }
            }
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void reset() throws IOException {
            if (kind.isTcp()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            close();
        }

        @Override
        public SocketAddress localAddress() throws IOException {
            return channel.getLocalAddress();
        }

        @Override
        public void close() throws IOException {
            try {
                readable.close();
                writable.close();
            } finally {
                channel.close();
            }
        }

        private void await(Selector selector) throws IOException {
            if (selector.select(READ_TIMEOUT_MILLIS) == 0) {
                throw new SocketTimeoutException("nothing happened on " + channel + " for " + READ_TIMEOUT_MILLIS + " ms");
            }
            selector.selectedKeys().clear();
        }
    }

    /** A TLS socket's streams, with the read timeout as the plain socket's SO_TIMEOUT. */
    private static final class SocketWire implements Wire {
        private final Socket raw;
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;

        SocketWire(Socket raw, SSLSocket socket) throws IOException {
            this.raw = raw;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        @Override
        public int read(ByteBuffer into) throws IOException {
            int n = in.read(into.array(), into.arrayOffset() + into.position(), into.remaining());
            if (n > 0) {
                into.position(into.position() + n);
            }
            return n;
        }

        @Override
        public void write(ByteBuffer from) throws IOException {
            out.write(from.array(), from.arrayOffset() + from.position(), from.remaining());
            out.flush();
            from.position(from.limit());
        }

        @Override
        public void shutdownOutput() throws IOException {
            socket.shutdownOutput();
        }

        /** A reset of the plain socket beneath: no close_notify first, as a peer that crashed. */
        @Override
        public void reset() throws IOException {
            raw.setSoLinger(true, 0);
            raw.close();
        }

        @Override
        public SocketAddress localAddress() {
            return socket.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
