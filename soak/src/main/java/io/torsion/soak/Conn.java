package io.torsion.soak;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;

/**
 * One blocking client connection over any {@link Link}, every call (connect, handshake, read,
 * write) bounded by a timeout the {@link Watchdog} enforces, as {@code SO_TIMEOUT} would for reads
 * alone; time between calls does not count. A call cut short by its deadline throws {@link TimedOut}; the end of
 * the stream reads as {@code null} or {@link EOFException}, a reset as the socket's own exception.
 */
final class Conn implements Closeable {

    /** A call that did not finish before the connection's deadline. */
    static final class TimedOut extends IOException {
        TimedOut(String what, IOException cause) {
            super(what + ": no answer before the deadline", cause);
        }
    }

    private final Link link;
    private final Watchdog watchdog;
    private final Socket plain;          // TCP and TLS: the TCP socket underneath
    private final SocketChannel unix;    // UNIX only
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private volatile long timeoutNanos;
    private volatile long deadline;
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean expired;

    private Conn(Link link, Watchdog watchdog, Socket plain, SocketChannel unix, InputStream in, OutputStream out) {
        this.link = link;
        this.watchdog = watchdog;
        this.plain = plain;
        this.unix = unix;
        this.in = in;
        this.out = out;
    }

    /** Connects (and for TLS completes the handshake) within {@code timeout}, which stays each call's timeout. */
    static Conn open(Link link, Addresses to, Watchdog watchdog, Duration timeout) throws IOException {
        long deadline = timeout.toNanos();
        if (link == Link.UNIX) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Conn conn = new Conn(link, watchdog, null, channel, new ChannelIn(channel), new ChannelOut(channel));
            conn.watchUntil(deadline);
            conn.call("connect", () -> channel.connect(UnixDomainSocketAddress.of(to.unix())));
            return conn;
        }
        Socket socket = new Socket();
        try {
            socket.connect(link == Link.TCP ? to.tcp() : to.tls(), (int) Math.max(1, timeout.toMillis()));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        if (link != Link.TLS) {
            Conn conn = new Conn(link, watchdog, socket, null, socket.getInputStream(), socket.getOutputStream());
            conn.watchUntil(deadline);
            return conn;
        }
        SSLSocket tls = (SSLSocket) to.tlsContext().getSocketFactory()
                .createSocket(socket, "localhost", to.tls().getPort(), true);
        Conn conn = new Conn(link, watchdog, socket, null, tls.getInputStream(), tls.getOutputStream());
        conn.watchUntil(deadline);
        conn.call("TLS handshake", tls::startHandshake);
        return conn;
    }

    Link link() {
        return link;
    }

    /** Every later call must be done within {@code timeout} of its start. */
    Conn deadline(Duration timeout) {
        watchUntil(timeout.toNanos());
        return this;
    }

    private void watchUntil(long nanos) {
        timeoutNanos = nanos;
    }

    /** True while a call runs past its timeout. */
    boolean pastDeadline(long now) {
        return calls.get() > 0 && now - deadline > 0;
    }

    /** Called by the watchdog: closes the connection so the blocked call returns. */
    void expire() {
        expired = true;
        closeQuietly();
    }

    void write(byte[] bytes) throws IOException {
        call("write", () -> {
            out.write(bytes);
            out.flush();
        });
    }

    void writeLine(String line) throws IOException {
        write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The next line without its {@code \r\n} or {@code \n}, as UTF-8; null at the end of the stream. */
    String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            if (start == end && !fill()) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    start = i + 1;
                    byte[] bytes = line.toByteArray();
                    int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, length, StandardCharsets.UTF_8);
                }
            }
            line.write(buffer, start, end - start);
            start = end;
        }
    }

    /** The next line, which must be there. */
    String expectLine(String what) throws IOException {
        String line = readLine();
        if (line == null) {
            throw new EOFException("disconnected while waiting for " + what);
        }
        return line;
    }

    /** Exactly {@code n} bytes. */
    byte[] readExactly(int n) throws IOException {
        byte[] bytes = new byte[n];
        int got = 0;
        while (got < n) {
            if (start == end && !fill()) {
                throw new EOFException("disconnected after " + got + " of " + n + " bytes");
            }
            int take = Math.min(n - got, end - start);
            System.arraycopy(buffer, start, bytes, got, take);
            start += take;
            got += take;
        }
        return bytes;
    }

    /** One byte, or -1 at the end of the stream. */
    int readByte() throws IOException {
        if (start == end && !fill()) {
            return -1;
        }
        return buffer[start++] & 0xff;
    }

    /** Reads and discards until the end of the stream; the bytes read. */
    long drainToEnd() throws IOException {
        long total = end - start;
        start = end;
        while (fill()) {
            total += end - start;
            start = end;
        }
        return total;
    }

    private boolean fill() throws IOException {
        int[] n = new int[1];
        call("read", () -> n[0] = in.read(buffer, 0, buffer.length));
        start = 0;
        end = Math.max(0, n[0]);
        return n[0] > 0;
    }

    /** Sends FIN: no more bytes from this side, the other direction stays open (not over TLS). */
    void halfClose() throws IOException {
        call("shutdown", () -> {
            if (unix != null) {
                unix.shutdownOutput();
            } else {
                plain.shutdownOutput();
            }
        });
    }

    /** Closes with RST rather than FIN (SO_LINGER 0), dropping whatever is unsent; over Unix a plain close. */
    void reset() {
        try {
            if (plain != null) {
                plain.setSoLinger(true, 0);
            }
        } catch (IOException ignored) {
            // already closed: nothing to reset
        }
        closeQuietly();
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        watchdog.forget(this);
        try {
            if (unix != null) {
                unix.close();
            } else {
                plain.close();
            }
        } catch (IOException ignored) {
            // closing what the peer already closed
        }
    }

    private interface Call {
        void run() throws IOException;
    }

    private void call(String what, Call call) throws IOException {
        deadline = System.nanoTime() + timeoutNanos;
        calls.incrementAndGet();
        watchdog.watch(this);
        try {
            call.run();
        } catch (IOException e) {
            if (expired) {
                throw new TimedOut(what, e);
            }
            throw e;
        } finally {
            if (calls.decrementAndGet() == 0) {
                watchdog.forget(this);
            }
        }
        if (expired) {
            throw new TimedOut(what, null);
        }
    }

    /** A Unix channel's input without {@code Channels.newInputStream}'s lock, which would stall writers. */
    private static final class ChannelIn extends InputStream {
        private final SocketChannel channel;

        ChannelIn(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }

    private static final class ChannelOut extends OutputStream {
        private final SocketChannel channel;

        ChannelOut(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer bytes = ByteBuffer.wrap(b, off, len);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }
}
