package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher's {@code --loops}: echo really runs on every loop asked for (the loops' threads are
 * in the process, its greeting counts the connections of all of them) and stops with 0 on SIGTERM.
 * The chat apps on the launcher's loops are in {@code ChatRoomServerTest} and {@code ChatOnLoopsTest}.
 */
@Timeout(90)
class ServersOnLoopsTest {

    private static final int CLIENTS = 12;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void echoServesOnEveryLoopAndCountsEveryConnection(String backend) throws Exception {
        try (Child child = Child.start(dir, "echo", "--port", "0", "--reactor", backend, "--loops", "3")) {
            int port = LauncherTest.readyPort(child, "echo", backend, 3);
            List<WireClient> clients = new ArrayList<>();
            try {
                for (int i = 1; i <= CLIENTS; i++) {
                    WireClient client = WireClient.connect(port);
                    client.expect("currently " + i + " open connections");
                    client.sendLine("hello " + i).expect("hello " + i);
                    clients.add(client);
                }
                String threads = threadDump(child.process().pid());
                String name = backend.equals("epoll") ? "epoll-et" : backend;
                for (int loop = 1; loop < 3; loop++) {
                    assertTrue(threads.contains("\"torsion-" + name + "-loop-" + loop + "\""),
                            "loop " + loop + "'s thread in the server:\n" + threads);
                }
                child.terminate();
                for (WireClient client : clients) {
                    client.expectEnd();
                }
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nthe server's standard error:\n" + child.stderr(), e);
            } finally {
                for (WireClient client : clients) {
                    client.close();
                }
            }
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    /** What {@code jcmd PID Thread.print} says: every thread of the server, by name. */
    private static String threadDump(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS), "jcmd did not finish");
        assertEquals(0, jcmd.exitValue(), out);
        return out;
    }
}
