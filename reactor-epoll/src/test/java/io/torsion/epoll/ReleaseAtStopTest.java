package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A reactor stopped with connections open gives back every descriptor it had: no more, no fewer. */
@Timeout(60)
class ReleaseAtStopTest {

    private static final int CONNECTIONS = 50;

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

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void stopWithOpenConnectionsReleasesEveryDescriptor(TriggerMode mode) throws Exception {
        runOnce(mode); // loads classes and libraries, which open files of their own once
        long before = reactorDescriptors();

        int lost = runOnce(mode);

        assertEquals(CONNECTIONS, lost, "every connection heard connectionLost");
        // A descriptor an earlier test's reactor or child process is still giving back may close a
        // moment later; one this reactor kept never does.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reactorDescriptors() != before && System.nanoTime() < deadline) {
            Thread.sleep(10); // polls a condition, bounded by the deadline
        }
        assertEquals(before, reactorDescriptors(), "sockets, epoll and eventfd descriptors open after the reactor stopped and clients closed");
    }

    /** Runs a reactor with open connections, stops it, closes the clients; returns connectionLost calls. */
    private static int runOnce(TriggerMode mode) throws Exception {
        EpollReactor reactor = new EpollReactor(mode);
        CountDownLatch made = new CountDownLatch(CONNECTIONS);
        CountDownLatch lost = new CountDownLatch(CONNECTIONS);
        ListeningPort port = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0),
                Factory.forProtocol(() -> new BaseProtocol() {
                    @Override
                    public void connectionMade() {
                        made.countDown();
                    }

                    @Override
                    public void connectionLost(ConnectionClosed reason) {
                        lost.countDown();
                    }
                }));
        Thread loop = new Thread(reactor::run, "reactor-" + mode);
        loop.start();
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(new Socket("127.0.0.1", port.port()));
            }
            assertTrue(made.await(10, TimeUnit.SECONDS), "all connections made");
            reactor.stop();
            loop.join(10_000);
            assertFalse(loop.isAlive(), "run() returned");
        } finally {
            for (Socket client : clients) {
                client.close();
            }
        }
        return CONNECTIONS - (int) lost.getCount();
    }
}
