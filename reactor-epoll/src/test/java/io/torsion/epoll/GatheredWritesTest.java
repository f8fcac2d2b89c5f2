package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.BaseProtocol;
import io.torsion.api.Protocol;
import io.torsion.spi.ListenerHandle;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKind;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The system calls the stream write path makes, counted on a handle that wraps a real epoll socket:
 * many writes in one callback leave in one gathering write when the turn ends, and an echo makes
 * exactly one read and one write per message.
 */
@Timeout(60)
class GatheredWritesTest {

    private static final int LINES = 100;
    private static final int ROUND_TRIPS = 200;

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void writesOfOneCallbackLeaveInOneSystemCall(TriggerMode mode) throws Exception {
        try (Served served = new Served(mode, () -> new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                for (int i = 0; i < LINES; i++) {
                    transport.write(ByteBuffer.wrap(line(i)));
                }
            }
        })) {
            served.out.write('x');
            byte[] got = new byte[LINES * line(0).length];
            served.in.readFully(got);
            byte[] expected = new byte[got.length];
            for (int i = 0; i < LINES; i++) {
                System.arraycopy(line(i), 0, expected, i * line(0).length, line(0).length);
            }
            assertArrayEquals(expected, got, "the lines, in order");
            assertEquals(1, served.handle.writes.get(), "system calls that wrote " + LINES + " lines of one callback");
        }
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void anEchoMakesOneReadAndOneWritePerMessage(TriggerMode mode) throws Exception {
        try (Served served = new Served(mode, () -> new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                transport.write(data);
            }
        })) {
            byte[] message = line(7);
            byte[] echoed = new byte[message.length];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                served.out.write(message);
                served.in.readFully(echoed);
                assertArrayEquals(message, echoed, "round trip " + i);
            }
            assertEquals(ROUND_TRIPS, served.handle.writes.get(), "writes");
            assertEquals(ROUND_TRIPS, served.handle.reads.get(), "reads that returned data");
        }
    }

    private static byte[] line(int i) {
        return String.format("line %04d of the gathered writes, sixty-four bytes long.......%n", i)
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** One accepted epoll socket, wrapped in a counting handle and adopted with a protocol; a plain client. */
    private static final class Served implements AutoCloseable {
        final EpollReactor reactor;
        final Thread loop;
        final Socket client;
        final OutputStream out;
        final DataInputStream in;
        final Counting handle;

        Served(TriggerMode mode, Supplier<Protocol> protocol) throws Exception {
            reactor = new EpollReactor(mode);
            CompletableFuture<ListenerHandle> listening = new CompletableFuture<>();
            loop = new Thread(reactor::run, "reactor-" + mode);
            loop.start();
            reactor.callFromThread(() -> {
                try {
                    listening.complete(new EpollTcp(reactor).listen(new InetSocketAddress("127.0.0.1", 0), 4, 0));
                } catch (IOException e) {
                    listening.completeExceptionally(e);
                }
            });
            ListenerHandle listener = listening.get(10, TimeUnit.SECONDS);
            client = new Socket();
            client.connect(listener.localAddress());
            client.setTcpNoDelay(true);
            out = client.getOutputStream();
            in = new DataInputStream(client.getInputStream());
            CompletableFuture<Counting> adopted = new CompletableFuture<>();
            reactor.callFromThread(() -> {
                try {
                    StreamHandle accepted = listener.accept(); // the connect is complete: it is queued
                    listener.close();
                    Counting counting = new Counting(accepted);
                    reactor.adopt(counting, protocol.get());
                    adopted.complete(counting);
                } catch (IOException | RuntimeException e) {
                    adopted.completeExceptionally(e);
                }
            });
            handle = adopted.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.close();
            reactor.stop();
            loop.join(10_000);
        }
    }

    /** A test double of the socket handle: the real one, with its reads and writes counted. */
    private static final class Counting implements StreamHandle {
        final StreamHandle real;
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();

        Counting(StreamHandle real) {
            this.real = real;
        }

        @Override
        public Registrar register(ReadinessHandler handler) throws IOException {
            return real.register(handler);
        }

        @Override
        public void close() {
            real.close();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = real.read(dst);
            if (n > 0) {
                reads.incrementAndGet();
            }
            return n;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            writes.incrementAndGet();
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            writes.incrementAndGet();
            return real.write(srcs, offset, length);
        }

        @Override
        public void shutdownOutput() throws IOException {
            real.shutdownOutput();
        }

        @Override
        public boolean finishConnect() throws IOException {
            return real.finishConnect();
        }

        @Override
        public SocketAddress localAddress() {
            return real.localAddress();
        }

        @Override
        public SocketAddress remoteAddress() {
            return real.remoteAddress();
        }

        @Override
        public <T> void setOption(SocketOption<T> option, T value) throws IOException {
            real.setOption(option, value);
        }

        @Override
        public StreamKind kind() {
            return real.kind();
        }
    }
}
