package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path allocates nothing: over a long echo run the reactor thread's allocated bytes, as
 * the JVM counts them per thread, stay flat. A few hundred bytes of noise are allowed (the first
 * use of a code path, a resized collection); a per-read or per-event allocation would cost at
 * least 16 bytes per message, 800 KB over this run.
 */
@Timeout(120)
class SteadyStateAllocationTest {

    private static final Logger log = LoggerFactory.getLogger(SteadyStateAllocationTest.class);

    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 50_000;
    private static final int MESSAGE = 64;
    private static final long ALLOWED_BYTES = 4_096;

    @ParameterizedTest
    @EnumSource(TriggerMode.class)
    void echoRoundTripsAllocateNothingOnTheReactorThread(TriggerMode mode) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EpollReactor reactor = new EpollReactor(mode);
        ListeningPort port = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0),
                Factory.forProtocol(() -> new BaseProtocol() {
                    @Override
                    public void dataReceived(ByteBuffer data) {
                        transport.write(data);
                    }
                }));
        Thread loop = new Thread(reactor::run, "reactor-" + mode);
        loop.start();
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            client.setTcpNoDelay(true);
            OutputStream out = client.getOutputStream();
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] message = new byte[MESSAGE];
            byte[] echoed = new byte[MESSAGE];
            roundTrips(out, in, message, echoed, WARM_UP);

            long before = allocatedOnReactor(reactor, threads, loop);
            roundTrips(out, in, message, echoed, MEASURED);
            long allocated = allocatedOnReactor(reactor, threads, loop) - before;

            log.info("{}: reactor thread allocated {} bytes over {} echoed messages ({} bytes/message)",
                    reactor.name(), allocated, MEASURED, String.format("%.4f", (double) allocated / MEASURED));
            assertTrue(allocated <= ALLOWED_BYTES, reactor.name() + " allocated " + allocated + " bytes over "
                    + MEASURED + " round trips");
            message[0] = 42;
            roundTrips(out, in, message, echoed, 1);
            assertArrayEquals(message, echoed);
        } finally {
            reactor.stop();
            loop.join(10_000);
        }
        assertFalse(loop.isAlive());
    }

    private static void roundTrips(OutputStream out, DataInputStream in, byte[] message, byte[] echoed, int count)
            throws Exception {
        for (int i = 0; i < count; i++) {
            out.write(message);
            in.readFully(echoed);
        }
    }

    /**
     * The reactor thread's allocation counter, read on that thread between two turns, with the
     * read itself (a callFromThread task and its future) paid for before the counter is read.
     */
    private static long allocatedOnReactor(EpollReactor reactor, com.sun.management.ThreadMXBean threads, Thread loop)
            throws Exception {
        CompletableFuture<Long> result = new CompletableFuture<>();
        reactor.callFromThread(() -> result.complete(threads.getThreadAllocatedBytes(loop.getId())));
        return result.get(10, TimeUnit.SECONDS);
    }
}
