package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A reactor stopped with connections open gives back every descriptor it had: no more, no fewer. */
@Timeout(60)
class ReleaseAtStopTest {

    private static final int CONNECTIONS = 50;

    private static int openDescriptors() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void stopWithOpenConnectionsReleasesEveryDescriptor(TriggerMode mode) throws Exception {
        runOnce(mode); // loads classes and libraries, which open files of their own once
        int before = openDescriptors();

        int lost = runOnce(mode);

        assertEquals(CONNECTIONS, lost, "every connection heard connectionLost");
        assertEquals(before, openDescriptors(), "descriptors open after the reactor stopped and clients closed");
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
