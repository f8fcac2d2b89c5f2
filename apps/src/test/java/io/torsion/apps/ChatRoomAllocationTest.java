package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broadcast encodes its line once and delivers it without allocating: over a steady run the
 * reactor thread's allocated bytes (as the JVM counts them per thread) grow by less per line than
 * one small object per member would cost. What a line costs once (decoding it, prefixing the
 * sender's name, encoding) is allowed; anything per delivery, at 16 bytes or more per member,
 * is not.
 */
@Timeout(120)
class ChatRoomAllocationTest {

    private static final int MEMBERS = 100;
    private static final int BATCH = 8;
    private static final int WARM_UP = 200;
    private static final int MEASURED = 200;
    /** What one line may cost on the reactor thread, whatever the number of members. */
    private static final long PER_LINE = 768;
    private static final long NOISE = 64 * 1024;

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void deliveriesAllocateNothingOnTheReactorThread(String backend) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Socket> sockets = new ArrayList<>();
        try (InProcessServer server = InProcessServer.start(backend, new ChatRoomServer(16384, 1 << 20))) {
            List<BufferedReader> members = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                Socket s = new Socket("127.0.0.1", server.port());
                s.setTcpNoDelay(true);
                s.setSoTimeout(WireClient.READ_TIMEOUT_MS);
                sockets.add(s);
                members.add(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)));
            }
            // Everyone is in before the first line: the room accepts at most 64 a turn, and may read
            // the sender before it has accepted the last of them.
            for (int entered = 0; entered < MEMBERS - 1; ) {
                String line = members.get(0).readLine();
                assertTrue(line != null, "the sender's connection closed");
                entered += line.endsWith("] entered room") ? 1 : 0;
            }
            Socket sender = sockets.get(0);
            OutputStream out = sender.getOutputStream();
            out.write("ready\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 1; i < MEMBERS; i++) {
                String line;
                do {
                    line = members.get(i).readLine();
                } while (line != null && !line.endsWith("> ready"));
            }
            byte[] batch = "a line of the broadcast\n".repeat(BATCH).getBytes(StandardCharsets.US_ASCII);
            broadcast(out, batch, members, WARM_UP);
            long before = server.onReactor(threads::getCurrentThreadAllocatedBytes);
            broadcast(out, batch, members, MEASURED);
            long allocated = server.onReactor(threads::getCurrentThreadAllocatedBytes) - before;
            long lines = (long) MEASURED * BATCH;
            long deliveries = lines * (MEMBERS - 1);
            assertTrue(allocated <= lines * PER_LINE + NOISE, backend + ": " + allocated + " bytes on the reactor thread for "
                    + lines + " lines, " + deliveries + " deliveries (" + (double) allocated / deliveries + " per delivery)");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** The sender writes {@code rounds} batches, each in one write; every other member reads each line. */
    private static void broadcast(OutputStream out, byte[] batch, List<BufferedReader> members, int rounds) throws Exception {
        for (int r = 0; r < rounds; r++) {
            out.write(batch);
            for (int i = 1; i < members.size(); i++) {
                for (int l = 0; l < BATCH; l++) {
                    String line = members.get(i).readLine();
                    assertTrue(line != null && line.endsWith("> a line of the broadcast"), "member " + i + " got " + line);
                }
            }
        }
    }
}
