package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The launcher with the user's own code: {@code run --factory}, apps registered through
 * ServiceLoader (on the class path, and in a jar next to the launcher), {@code --help-reactors},
 * and a signal that arrives while the launcher is still starting.
 */
@Timeout(90)
class UserAppsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void runServesTheUsersFactoryAndStopsWithZeroOnSigterm(String backend) throws Exception {
        try (Child child = Child.start(dir, "run", "--factory", ShoutFactory.class.getName(),
                "--listen", "tcp:0:interface=127.0.0.1", "--reactor", backend);
                WireClient client = WireClient.connect(LauncherTest.readyPort(child, "run", backend))) {
            client.sendLine("hello").expect("HELLO");
            child.terminate();
            client.expectEnd();
            assertEquals(0, child.exitCode(), child.stderr());
            assertEquals("", child.readRest(), "nothing on stdout after the ready line");
            assertFalse(child.stderr().contains("WARNING"), "warnings a user would have to silence:\n" + child.stderr());
        }
    }

    /** With --loops the one factory (or app's factory) serves every loop: the user's word that it is thread-safe. */
    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void runAndAppsServeOnSeveralLoops(String backend) throws Exception {
        try (Child child = Child.start(dir, "run", "--factory", ShoutFactory.class.getName(),
                "--listen", "tcp:0:interface=127.0.0.1", "--reactor", backend, "--loops", "2")) {
            int port = LauncherTest.readyPort(child, "run", backend, 2);
            for (int i = 0; i < 6; i++) {
                try (WireClient client = WireClient.connect(port)) {
                    client.sendLine("hello " + i).expect("HELLO " + i);
                }
            }
            child.terminate();
            assertEquals(0, child.exitCode(), child.stderr());
        }
        try (Child child = Child.start(dir, "shout", "--listen", "tcp:0:interface=127.0.0.1", "--suffix", "?",
                "--reactor", backend, "--loops", "2");
                WireClient client = WireClient.connect(LauncherTest.readyPort(child, "shout", backend, 2))) {
            client.sendLine("hi").expect("HI?");
            child.terminate();
            client.expectEnd();
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    static Stream<Arguments> unusableFactories() {
        return Stream.of(
                Arguments.of("com.example.Missing", "no class com.example.Missing on the class path; add its jar with -cp,"
                        + " or put the jar next to torsion.jar"),
                Arguments.of("java.lang.String", "java.lang.String is not an io.torsion.api.Factory"),
                Arguments.of(EchoServer.class.getName(), EchoServer.class.getName()
                        + " needs a public constructor without arguments"));
    }

    @ParameterizedTest
    @MethodSource("unusableFactories")
    void runSaysWhyItCannotUseTheFactory(String factory, String message) throws Exception {
        try (Child child = Child.start(dir, "run", "--factory", factory, "--listen", "tcp:0")) {
            assertEquals(2, child.exitCode());
            assertEquals("", child.readRest(), "no ready line");
            assertTrue(child.stderr().contains(message), child.stderr());
        }
    }

    @Test
    void anAppOnTheClassPathIsListedAndRunsWithItsOptions() throws Exception {
        try (Child help = Child.start(dir, "--help")) {
            String usage = help.readRest();
            assertEquals(0, help.exitCode());
            assertTrue(usage.matches("(?s).*\\n +shout +Answers every line in capitals\\.\\n.*"), usage);
        }
        try (Child child = Child.start(dir, "shout", "--listen", "tcp:0:interface=127.0.0.1", "--suffix", "?",
                "--reactor", "select");
                WireClient client = WireClient.connect(LauncherTest.readyPort(child, "shout", "select"))) {
            client.sendLine("hi").expect("HI?");
            child.terminate();
            client.expectEnd();
            assertEquals(0, child.exitCode(), child.stderr());
        }
        try (Child child = Child.start(dir, "shout", "--listen", "tcp:0", "--suffix", "!!!!")) {
            assertEquals(2, child.exitCode());
            assertTrue(child.stderr().contains("--suffix: at most 3 characters"), child.stderr());
        }
    }

    /** A factory and an app compiled now into a jar of their own, found by being in the launcher's library directory. */
    @Test
    void aJarInTheLibraryDirectoryIsFound() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        writeJar(lib.resolve("reverse.jar"));
        List<String> jvm = List.of("-D" + UserCode.LIB_PROPERTY + "=" + lib);
        try (Child help = Child.start(dir, jvm, null, "--help")) {
            String usage = help.readRest();
            assertEquals(0, help.exitCode(), help.stderr());
            assertTrue(usage.contains("Answers every line reversed."), usage);
        }
        try (Child child = Child.start(dir, jvm, null, "run", "--factory", "userlib.Reverse",
                "--listen", "tcp:0:interface=127.0.0.1", "--reactor", "select");
                WireClient client = WireClient.connect(LauncherTest.readyPort(child, "run", "select"))) {
            client.sendLine("stressed").expect("desserts");
            child.terminate();
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    @Test
    void helpReactorsSaysWhatCanRunHereAndWhatEpollMeans() throws Exception {
        try (Child child = Child.start(dir, "--help-reactors")) {
            String listing = child.readRest();
            assertEquals(0, child.exitCode(), child.stderr());
            assertTrue(listing.contains("epoll     native Linux epoll in its default mode, edge-triggered: the same as"
                    + " epoll-et\n          can run here\n"), listing);
            assertTrue(listing.contains("epoll-et  native Linux epoll, edge-triggered\n"), listing);
            assertTrue(listing.contains("epoll-lt  native Linux epoll, level-triggered\n"), listing);
            assertTrue(listing.contains("select    java.nio.channels.Selector; runs wherever Java does\n"
                    + "          can run here\n"), listing);
        }
    }

    /**
     * SIGTERM while the client is still starting (parsing, loading the backend's native code):
     * the launcher catches signals from the start of main, so the reactor starts, stops at once and
     * the exit status is 0, not the JVM's 143. The class-loading log shows how far the start got.
     */
    @ParameterizedTest
    @MethodSource("io.torsion.apps.Backends#names")
    void aSignalDuringStartupStillExitsZero(String backend) throws Exception {
        Path classes = dir.resolve("classes.log");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Child child = Child.start(dir, List.of("-Xlog:class+load:file=" + classes), null,
                        "client", "127.0.0.1", String.valueOf(server.getLocalPort()), "--reactor", backend)) {
            // Loaded while the command line is turned into an endpoint: after main began, before the reactor exists.
            Await.until("the launcher parsed its command line", Duration.ofSeconds(30),
                    () -> Files.exists(classes) && Files.readString(classes).contains("io.torsion.api.endpoints.TcpClientEndpoint "));
            child.terminate();
            assertEquals(0, child.exitCode(), child.stderr());
        }
    }

    private static void writeJar(Path jar) throws IOException {
        Path src = Files.createDirectories(jar.resolveSibling("src/userlib"));
        Files.writeString(src.resolve("Reverse.java"), String.join("\n",
                "package userlib;",
                "public final class Reverse implements io.torsion.api.Factory {",
                "    public io.torsion.api.Protocol buildProtocol(java.net.SocketAddress peer) {",
                "        io.torsion.api.LineReceiver reverse = new io.torsion.api.LineReceiver() {",
                "            protected void lineReceived(String line) { sendLine(new StringBuilder(line).reverse().toString()); }",
                "        };",
                "        reverse.setAcceptBareNewline(true);",
                "        return reverse;",
                "    }",
                "}"));
        Files.writeString(src.resolve("ReverseApp.java"), String.join("\n",
                "package userlib;",
                "public final class ReverseApp implements io.torsion.api.App {",
                "    public String name() { return \"reverse\"; }",
                "    public String description() { return \"Answers every line reversed.\"; }",
                "    public io.torsion.api.Factory factory(java.util.Map<String, String> options) { return new Reverse(); }",
                "}"));
        Path out = Files.createDirectories(jar.resolveSibling("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("Reverse.java").toString(), src.resolve("ReverseApp.java").toString());
        assertEquals(0, status, "compiling the user's jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream stream = new JarOutputStream(file)) {
            for (String name : List.of("userlib/Reverse.class", "userlib/Reverse$1.class", "userlib/ReverseApp.class")) {
                stream.putNextEntry(new JarEntry(name));
                stream.write(Files.readAllBytes(out.resolve(name.replace('/', File.separatorChar))));
            }
            stream.putNextEntry(new JarEntry("META-INF/services/io.torsion.api.App"));
            stream.write("userlib.ReverseApp\n".getBytes(UTF_8));
        }
    }
}
