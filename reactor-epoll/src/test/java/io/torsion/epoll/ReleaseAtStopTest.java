package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.GroupFactory;
import io.torsion.api.ListenStrategy;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import io.torsion.api.Reactors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reactor, or a group of loops, stopped with connections open gives back every descriptor it had:
 * no more, no fewer.
 */
@Timeout(60)
class ReleaseAtStopTest {

    private static final int CONNECTIONS = 50;

    /** At most this many connect while the reactor stops: enough to catch hand-overs in flight. */
    private static final int LATECOMERS = 2000;

    /**
     * The descriptors a reactor can own: sockets, epoll instances and eventfds. Files the JVM opens
     * on its own (jars, logs) would only blur the count.
     */
    private static long reactorDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(ReleaseAtStopTest::target)
                    .filter(t -> t.startsWith("socket:") || t.equals("anon_inode:[eventpoll]")
                            || t.equals("anon_inode:[eventfd]"))
                    .count();
        }
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed while listing
        }
    }

    /** Each mode on one reactor, and on a group of two loops with each strategy. */
    static Stream<Arguments> modesAndStrategies() {
        return Stream.of(TriggerMode.values()).flatMap(mode -> Stream.concat(Stream.of(Arguments.of(mode, null)),
                Stream.of(ListenStrategy.values()).map(strategy -> Arguments.of(mode, strategy))));
    }

    @ParameterizedTest
    @MethodSource("modesAndStrategies")
    void stopWithOpenConnectionsReleasesEveryDescriptor(TriggerMode mode, ListenStrategy strategy) throws Exception {
        runOnce(mode, strategy); // loads classes and libraries, which open files of their own once
        long before = reactorDescriptors();

        int[] madeAndLost = runOnce(mode, strategy);

        assertTrue(madeAndLost[0] >= CONNECTIONS, "connections made: " + madeAndLost[0]);
        assertEquals(madeAndLost[0], madeAndLost[1], "every connection made heard connectionLost");
        // A descriptor an earlier test's reactor or child process is still giving back may close a
        // moment later; one this reactor kept never does.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reactorDescriptors() != before && System.nanoTime() < deadline) {
            Thread.sleep(10); // polls a condition, bounded by the deadline
        }
        assertEquals(before, reactorDescriptors(), "sockets, epoll and eventfd descriptors open after the reactor stopped and clients closed");
    }

    /**
     * Runs a reactor (a group of two loops with {@code strategy}, unless null) with open connections,
     * stops it while more clients connect, closes the clients; returns the connectionMade and
     * connectionLost calls.
     */
    private static int[] runOnce(TriggerMode mode, ListenStrategy strategy) throws Exception {
        CountDownLatch made = new CountDownLatch(CONNECTIONS);
        AtomicInteger madeCount = new AtomicInteger();
        AtomicInteger lostCount = new AtomicInteger();
        Factory factory = Factory.forProtocol(() -> new BaseProtocol() {
                    @Override
                    public void connectionMade() {
                        madeCount.incrementAndGet();
                        made.countDown();
                    }

                    @Override
                    public void connectionLost(ConnectionClosed reason) {
                        lostCount.incrementAndGet();
                    }
                });
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        ListeningPort port;
        Runnable run;
        Runnable stop;
        if (strategy == null) {
            EpollReactor reactor = new EpollReactor(mode);
            port = reactor.listenTcp(any, factory);
            run = reactor::run;
            stop = reactor::stop;
        } else {
            ReactorGroup group = Reactors.createGroup(mode.reactorName(), 2);
            port = group.listenTcp(any, GroupFactory.shared(factory), strategy, Reactor.DEFAULT_BACKLOG);
            run = group::run;
            stop = group::stop;
        }
        Thread loop = new Thread(run, "reactor-" + mode);
        loop.start();
        List<Socket> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread latecomers = new Thread(() -> connectUntilRefused(port.port(), clients), "latecomers");
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(new Socket("127.0.0.1", port.port()));
            }
            assertTrue(made.await(10, TimeUnit.SECONDS), "all connections made");
            // More keep coming while it stops: on a group, some are in a hand-over when the loops stop.
            latecomers.start();
            stop.run();
            loop.join(10_000);
            latecomers.join(10_000);
            assertFalse(loop.isAlive(), "run() returned");
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        return new int[] {madeCount.get(), lostCount.get()};
    }

    /** Connects again and again until the port is gone; the sockets are closed with the others. */
    private static void connectUntilRefused(int port, List<Socket> clients) {
        try {
            for (int i = 0; i < LATECOMERS; i++) {
                clients.add(new Socket("127.0.0.1", port));
            }
        } catch (IOException refused) {
            // the listening sockets closed: the reactor is stopping
        }
    }
}
