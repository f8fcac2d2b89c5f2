package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What is particular to epoll: the end of stream that comes with the last edge, registrations. */
@Timeout(30)
class EpollReactorBehaviourTest {

    private EpollReactor reactor;
    private Thread loop;

    private void start(TriggerMode mode, ReactorSetup setup) throws Exception {
        reactor = new EpollReactor(mode);
        setup.run();
        loop = new Thread(reactor::run, "reactor-" + mode);
        loop.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (reactor != null) {
            reactor.stop();
        }
        if (loop != null) {
            loop.join(10_000);
            assertFalse(loop.isAlive(), "reactor thread ended");
        }
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void bytesAndEndOfStreamThatArriveTogetherAreBothDelivered(TriggerMode mode) throws Exception {
        AtomicLong received = new AtomicLong();
        CompletableFuture<ConnectionClosed> lost = new CompletableFuture<>();
        ListeningPort[] port = new ListeningPort[1];
        reactor = new EpollReactor(mode);
        port[0] = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), counting(received, lost));
        // Before the loop runs: the data and the FIN are both queued when the connection is first
        // registered, so edge-triggered epoll reports them in one edge and never again.
        try (Socket client = new Socket("127.0.0.1", port[0].port())) {
            OutputStream out = client.getOutputStream();
            out.write(new byte[100]);
            out.flush();
        }
        loop = new Thread(reactor::run, "reactor-" + mode);
        loop.start();

        assertInstanceOf(ConnectionDone.class, lost.get(10, TimeUnit.SECONDS));
        assertEquals(100, received.get());
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void manyMegabytesThenCloseAreDeliveredAcrossReadyListRounds(TriggerMode mode) throws Exception {
        int size = 8 * 1024 * 1024;
        AtomicLong received = new AtomicLong();
        CompletableFuture<ConnectionClosed> lost = new CompletableFuture<>();
        ListeningPort[] port = new ListeningPort[1];
        start(mode, () -> port[0] = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), counting(received, lost)));

        try (Socket client = new Socket("127.0.0.1", port[0].port())) {
            client.setSendBufferSize(4 * 1024 * 1024);
            client.getOutputStream().write(new byte[size]);
        }

        assertInstanceOf(ConnectionDone.class, lost.get(20, TimeUnit.SECONDS));
        assertEquals(size, received.get());
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void closedConnectionsLeaveNoRegistrationBehind(TriggerMode mode) throws Exception {
        ConcurrentLinkedQueue<ConnectionClosed> lost = new ConcurrentLinkedQueue<>();
        CountDownLatch allLost = new CountDownLatch(200);
        ListeningPort[] port = new ListeningPort[1];
        start(mode, () -> port[0] = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0),
                Factory.forProtocol(() -> new BaseProtocol() {
                    @Override
                    public void connectionMade() {
                        transport.write(new byte[] {'h', 'i'});
                    }

                    @Override
                    public void connectionLost(ConnectionClosed reason) {
                        lost.add(reason);
                        allLost.countDown();
                    }
                })));
        int before = onReactor(reactor::registrationCount);

        for (int i = 0; i < 200; i++) {
            try (Socket client = new Socket("127.0.0.1", port[0].port())) {
                assertEquals('h', client.getInputStream().read());
            }
        }

        assertTrue(allLost.await(10, TimeUnit.SECONDS), "all connections lost");
        assertEquals(200, lost.size(), "every connection was lost exactly once");
        assertTrue(lost.stream().allMatch(ConnectionClosed::isClean));
        assertEquals(before, onReactor(reactor::registrationCount), "wake-up and listener only");
        assertEquals(0, onReactor(reactor::connectionCount));
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void aFloodingClientDoesNotStarveAnother(TriggerMode mode) throws Exception {
        AtomicLong flooded = new AtomicLong();
        ListeningPort[] ports = new ListeningPort[2];
        start(mode, () -> {
            // A slow reader under a writer that never stops: the reactor must still come back to
            // epoll_wait and serve the other connection. (On loopback the small receive window
            // gives short reads often enough that this holds even without the read budget; the
            // budget is the guarantee where the window is large.)
            ports[0] = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0),
                    Factory.forProtocol(() -> new BaseProtocol() {
                        private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();

                        @Override
                        public void dataReceived(ByteBuffer data) {
                            for (int i = 0; i < 64; i++) {
                                crc.update(data.duplicate());
                            }
                            flooded.addAndGet(data.remaining());
                        }
                    }));
            ports[1] = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0),
                    Factory.forProtocol(() -> new BaseProtocol() {
                        @Override
                        public void dataReceived(ByteBuffer data) {
                            transport.write(data);
                        }
                    }));
        });
        AtomicBoolean flooding = new AtomicBoolean(true);
        try (Socket flood = new Socket("127.0.0.1", ports[0].port());
                Socket echo = new Socket("127.0.0.1", ports[1].port())) {
            Thread writer = new Thread(() -> {
                byte[] block = new byte[256 * 1024];
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                try {
                    while (flooding.get() && System.nanoTime() < deadline) {
                        flood.getOutputStream().write(block);
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "flood");
            writer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (flooded.get() < 4 * 1024 * 1024 && System.nanoTime() < deadline) {
                // The flood is under way once several read budgets went through; poll for it.
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            long floodStart = flooded.get();
            echo.setSoTimeout(5_000);
            echo.setTcpNoDelay(true);
            for (int i = 0; i < 20; i++) {
                echo.getOutputStream().write(i);
                assertEquals(i, echo.getInputStream().read(), "echo " + i + " while another client floods");
            }
            assertTrue(flooded.get() > floodStart, "the flood was being read meanwhile");
            flooding.set(false);
            flood.close();
            writer.join(10_000);
        }
    }

    /** Protocols that count the bytes they receive and report how they were lost. */
    private static Factory counting(AtomicLong received, CompletableFuture<ConnectionClosed> lost) {
        return Factory.forProtocol(() -> new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                received.addAndGet(data.remaining());
            }

            @Override
            public void connectionLost(ConnectionClosed reason) {
                lost.complete(reason);
            }
        });
    }

    private <T> T onReactor(Supplier<T> query) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> result.complete(query.get()));
        return result.get(10, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface ReactorSetup {
        void run() throws Exception;
    }
}
