package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(60)
class EchoServerTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void greetingCountsOpenConnectionsIncludingTheNewOne(String backend) throws Exception {
        RecordingFactory echo = new RecordingFactory(new EchoServer(true, false));
        try (InProcessServer server = InProcessServer.start(backend, echo);
                WireClient first = WireClient.connect(server.port())) {
            first.expect("currently 1 open connections");
            try (WireClient second = WireClient.connect(server.port())) {
                second.expect("currently 2 open connections");
            }
            Await.until("the second client's close", Duration.ofSeconds(10), () -> echo.lost.get() == 1);
            try (WireClient third = WireClient.connect(server.port())) {
                third.expect("currently 2 open connections");
                third.send("hello\r\n").expect("hello");
            }
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void echoesEveryByteUnchanged(String backend) throws Exception {
        byte[] bytes = {'a', '\r', 'b', (byte) 0xff, (byte) 0xc3, '\n', 0, 'z'};
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(true, false));
                WireClient client = WireClient.connect(server.port())) {
            client.expect("currently 1 open connections");
            client.send(bytes);
            assertArrayEquals(bytes, client.readBytes(bytes.length));
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void upperCasesAsciiLettersOnly(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(true, true));
                WireClient client = WireClient.connect(server.port())) {
            client.expect("currently 1 open connections");
            client.send("Hello, wOrld é ß 42\n");
            assertEquals("HELLO, WORLD é ß 42\n", new String(client.readBytes("HELLO, WORLD é ß 42\n".getBytes(UTF_8).length), UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void noGreetingEchoesFromTheFirstByte(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(false, false));
                WireClient client = WireClient.connect(server.port())) {
            client.send("ping\n");
            assertEquals("ping\n", new String(client.readBytes(5), UTF_8));
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void halfClosingClientGetsItsWholeEchoBeforeClose(String backend) throws Exception {
        byte[] data = new byte[2 * 1024 * 1024];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ('a' + i % 26);
        }
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(false, false));
                WireClient client = WireClient.connect(server.port())) {
            // Write on another thread: the server stops reading while we have not read its echo.
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    client.send(data);
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] echoed = client.readToEnd();
            sent.get(10, TimeUnit.SECONDS);
            assertEquals(data.length, echoed.length, "bytes echoed before the server closed");
            assertArrayEquals(data, echoed);
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void clientThatNeverReadsIsThrottledWhileOthersAreServed(String backend) throws Exception {
        RecordingFactory echo = new RecordingFactory(new EchoServer(false, false));
        try (InProcessServer server = InProcessServer.start(backend, echo);
                SocketChannel hog = SocketChannel.open()) {
            hog.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            hog.connect(new InetSocketAddress("127.0.0.1", server.port()));
            hog.configureBlocking(false);
            HogRun run = sendUntilStalled(hog, server, echo);
            assertTrue(run.stalled, "the server kept reading from a client that never reads ("
                    + run.sent + " bytes sent)");
            long queued = Math.max(run.maxQueued, server.onReactor(echo::maxQueuedBytes));
            assertTrue(queued <= MAX_SERVER_QUEUE, "server queued " + queued + " bytes for the hog");

            try (WireClient other = WireClient.connect(server.port())) {
                other.send("still served\n");
                assertEquals("still served\n", new String(other.readBytes(13), UTF_8));
            }
        }
    }

    /** Far above the 64 KiB high-water mark plus a read, far below what an unthrottled server queues. */
    private static final long MAX_SERVER_QUEUE = 1024 * 1024;
    /** Enough to fill every kernel buffer between the hog and the server many times over. */
    private static final long HOG_CAP = 128L * 1024 * 1024;
    private static final Duration STALL = Duration.ofMillis(500);

    private record HogRun(long sent, long maxQueued, boolean stalled) {
    }

    private static HogRun sendUntilStalled(SocketChannel hog, InProcessServer server, RecordingFactory echo)
            throws Exception {
        byte[] line = "0123456789abcde\n".getBytes(UTF_8);
        ByteArrayOutputStream pattern = new ByteArrayOutputStream();
        while (pattern.size() < 64 * 1024) {
            pattern.write(line);
        }
        ByteBuffer chunk = ByteBuffer.wrap(pattern.toByteArray());
        long sent = 0;
        long maxQueued = 0;
        long nextSample = 0;
        long stalledSince = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (sent < HOG_CAP && System.nanoTime() < deadline) {
            if (!chunk.hasRemaining()) {
                chunk.clear();
            }
            int n = hog.write(chunk);
            sent += n;
            if (sent >= nextSample) {
                maxQueued = Math.max(maxQueued, server.onReactor(echo::maxQueuedBytes));
                nextSample = sent + 1024 * 1024;
            }
            if (n > 0) {
                stalledSince = 0;
            } else if (stalledSince == 0) {
                stalledSince = System.nanoTime();
            } else if (System.nanoTime() - stalledSince > STALL.toNanos()) {
                return new HogRun(sent, maxQueued, true);
            } else {
                Thread.sleep(1);
            }
        }
        return new HogRun(sent, maxQueued, false);
    }
}
