package com.example.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server as a user runs it: a JVM of its own on each backend, with torsion's jars on the class
 * path or on the module path, talked to over a real socket and stopped with SIGTERM.
 */
@Timeout(120)
class KvServerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} on the {1} path")
    @CsvSource({"select, class", "select, module", "epoll, class", "epoll, module"})
    void servesAndStopsCleanlyOnSigterm(String backend, String path) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process server = new ProcessBuilder(command(backend, path.equals("module"))).redirectError(stderr.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8))) {
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("kv listening on "), "ready line: " + ready + "\n" + Files.readString(stderr));
            assertTrue(ready.endsWith("(reactor " + (backend.equals("epoll") ? "epoll-et" : backend) + ")"), ready);
            int port = Integer.parseInt(ready.split(" ")[3]);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                OutputStream to = socket.getOutputStream();
                BufferedReader from = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
                to.write("SET greeting hello there\nGET greeting\n".getBytes(UTF_8));
                assertEquals("OK", from.readLine());
                assertEquals("VALUE hello there", from.readLine());
                server.toHandle().destroy(); // SIGTERM
                assertEquals(null, from.readLine(), "the server closes the connection as it stops");
            }
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "stopped");
            assertEquals("kv stopped with 1 keys", out.readLine(), "stopFactory ran after the connection closed");
        } finally {
            server.destroyForcibly();
        }
        String errors = Files.readString(stderr);
        assertEquals(0, server.exitValue(), errors);
        assertFalse(errors.contains("WARNING"), "warnings a user would have to silence:\n" + errors);
    }

    /** java, with this build's jars; torsion's own and their dependencies, nothing of the test's. */
    private static List<String> command(String backend, boolean modulePath) {
        String jars = Stream.of(System.getProperty("jdk.module.path", ""), System.getProperty("java.class.path", ""))
                .flatMap(p -> Arrays.stream(p.split(File.pathSeparator)))
                .filter(e -> !e.isEmpty() && !e.contains("test-classes"))
                .filter(e -> !e.contains("junit") && !e.contains("opentest4j") && !e.contains("apiguardian")
                        && !e.contains("surefire"))
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtorsion.reactor=" + backend,
                // jffi loads a native library: JDK 22 and later ask that it be allowed.
                "--enable-native-access=" + (modulePath ? "org.jnrproject.jffi" : "ALL-UNNAMED")));
        if (modulePath) {
            command.addAll(List.of("-p", jars, "-m", "com.example.kv/com.example.kv.KvServer", "0"));
        } else {
            command.addAll(List.of("-cp", jars, KvServer.class.getName(), "0"));
        }
        return command;
    }
}
