package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/**
 * Accept under file-descriptor exhaustion, over TCP and Unix domain sockets, in a child JVM whose descriptor limit is lowered with
 * {@code ulimit -n} (and {@code -XX:-MaxFDLimit}, so the JVM does not raise it again). The server
 * must not spin while it cannot accept, must keep serving the connections it has, and must accept
 * again once descriptors are free.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class FdExhaustionConformance {

    /** Descriptors the child may have: room for the JVM's own and some connections. */
    private static final int FD_LIMIT = 200;

    /** Client connections opened: more than the child can accept. */
    private static final int CLIENTS = 320;

    /** A spinning loop burns a whole core; an idle one almost nothing. Half a core separates them. */
    private static final double MAX_CORES_WHILE_EXHAUSTED = 0.5;

    /** The backend name, as {@code Reactors.create} knows it. */
    protected abstract String reactorName();

    @ParameterizedTest
    @EnumSource(value = SocketKind.class, names = {"TCP4", "UNIX"})
    public void exhaustedAcceptDoesNotSpinKeepsServingAndRecovers(SocketKind kind) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux /proc");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path scratch = SocketKind.newScratch();
        String unixPath = scratch.resolve("fd.sock").toString();
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", "-c",
                "ulimit -n " + FD_LIMIT + " && exec \"$0\" -XX:-MaxFDLimit -Xmx128m -cp \"$1\" "
                        + FdLimitedEchoServer.class.getName() + " \"$2\"" + (kind.isTcp() ? "" : " \"$3\""),
                java, System.getProperty("java.class.path"), reactorName(), unixPath);
        Process server = builder.start();
        BlockingQueue<String> stdout = lines(server.getInputStream());
        BlockingQueue<String> stderr = lines(server.getErrorStream());
        List<Peer> clients = new ArrayList<>();
        try {
            String ready = awaitLine(stdout, kind.isTcp() ? "port " : "unix ", 30);
            SocketAddress address = kind.isTcp()
                    ? new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.substring(5).trim()))
                    : UnixDomainSocketAddress.of(unixPath);
            Peer first = Peer.connect(kind, address, 0);
            clients.add(first);
            Loopback.assertEchoes(first, "first\n");
            for (int i = 1; i < CLIENTS; i++) {
                clients.add(Peer.connect(kind, address, 0));
            }
            awaitLine(stderr, "out of file descriptors", 30);

            double cores = coresUsedOver(server.pid(), 2_000);
            assertTrue(cores < MAX_CORES_WHILE_EXHAUSTED,
                    "the server used " + cores + " cores while it could not accept: it spins");
            Loopback.assertEchoes(first, "still served\n");

            Peer last = clients.get(clients.size() - 1);
            for (int i = 1; i < CLIENTS - 1; i++) {
                clients.get(i).close();
            }
            Loopback.assertEchoes(last, "accepted after descriptors were freed\n");
        } finally {
            for (Peer client : clients) {
                Loopback.closeQuietly(client);
            }
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(Path.of(unixPath));
            Files.deleteIfExists(scratch);
        }
    }

    /** CPU time (user + system) the process used over a window, in cores. */
    private static double coresUsedOver(long pid, long windowMillis) throws IOException, InterruptedException {
        long before = cpuTicks(pid);
        long start = System.nanoTime();
        Thread.sleep(windowMillis); // a measurement window, not a wait for something to happen
        long ticks = cpuTicks(pid) - before;
        double seconds = (System.nanoTime() - start) / 1e9;
        return ticks / 100.0 / seconds; // USER_HZ is 100 on Linux
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After the command name: state is field 3, so utime (14) and stime (15) sit at 11 and 12.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    queue.add(line);
                }
            } catch (IOException ignored) {
                // the child went away
            }
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static String awaitLine(BlockingQueue<String> queue, String containing, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line containing '" + containing + "' within " + seconds
                        + " s; saw: " + seen);
            }
            if (line.contains(containing)) {
                return line;
            }
            seen.add(line);
        }
    }
}
