package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.UdpTransport;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echoing datagrams allocates nothing on the reactor thread: not the buffer handed over (a view
 * made once per slot), not the sender's address (the codec's cache), not the destination's sockaddr,
 * not the send. Four senders take turns, so the caches serve more than one peer. As for streams, a
 * few KiB of noise are allowed; a per-datagram allocation would cost 16 bytes or more each, at
 * least 800 KB over this run.
 */
@Timeout(120)
class DatagramAllocationTest {

    private static final Logger log = LoggerFactory.getLogger(DatagramAllocationTest.class);

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 50_000;
    private static final int MESSAGE = 64;
    private static final int SENDERS = 4;
    private static final long ALLOWED_BYTES = 4_096;

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void datagramEchoAllocatesNothingOnTheReactorThread(TriggerMode mode) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EpollReactor reactor = new EpollReactor(mode);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        UdpTransport port = reactor.listenUdp(new InetSocketAddress(loopback, 0), new DatagramProtocol() {
            @Override
            public void datagramReceived(ByteBuffer data, SocketAddress from) {
                transport.write(data, from);
            }
        }, 2048);
        Thread loop = new Thread(reactor::run, "reactor-" + mode);
        loop.start();
        DatagramSocket[] clients = new DatagramSocket[SENDERS];
        try {
            for (int i = 0; i < SENDERS; i++) {
                clients[i] = new DatagramSocket(0, loopback);
                clients[i].setSoTimeout(10_000);
            }
            byte[] message = new byte[MESSAGE];
            DatagramPacket out = new DatagramPacket(message, MESSAGE, port.getHost());
            DatagramPacket in = new DatagramPacket(new byte[MESSAGE], MESSAGE);
            roundTrips(clients, out, in, WARM_UP);

            long before = allocatedOnReactor(reactor, threads, loop);
            roundTrips(clients, out, in, MEASURED);
            long allocated = allocatedOnReactor(reactor, threads, loop) - before;

            log.info("{}: reactor thread allocated {} bytes over {} echoed datagrams ({} bytes/datagram)",
                    reactor.name(), allocated, MEASURED, String.format("%.4f", (double) allocated / MEASURED));
            assertTrue(allocated <= ALLOWED_BYTES, reactor.name() + " allocated " + allocated + " bytes over "
                    + MEASURED + " datagrams");
            message[0] = 42;
            roundTrips(clients, out, in, 1);
            assertArrayEquals(message, java.util.Arrays.copyOf(in.getData(), in.getLength()));
        } finally {
            for (DatagramSocket client : clients) {
                if (client != null) {
                    client.close();
                }
            }
            reactor.stop();
            loop.join(10_000);
        }
        assertFalse(loop.isAlive());
    }

    private static void roundTrips(DatagramSocket[] clients, DatagramPacket out, DatagramPacket in, int count)
            throws Exception {
        for (int i = 0; i < count; i++) {
            DatagramSocket client = clients[i % clients.length];
            client.send(out);
            in.setLength(MESSAGE);
            client.receive(in);
        }
    }

    private static long allocatedOnReactor(EpollReactor reactor, com.sun.management.ThreadMXBean threads, Thread loop)
            throws Exception {
        CompletableFuture<Long> result = new CompletableFuture<>();
        reactor.callFromThread(() -> result.complete(threads.getThreadAllocatedBytes(loop.getId())));
        return result.get(10, TimeUnit.SECONDS);
    }
}
