package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(90)
class LauncherTest {

    @TempDir
    Path dir;

    static Stream<Arguments> badUsage() {
        return Stream.of(
                Arguments.of(List.of(), "Missing APP"),
                Arguments.of(List.of("nosuch"), "nosuch"),
                Arguments.of(List.of("echo", "--nosuch"), "--nosuch"),
                Arguments.of(List.of("echo", "--port", "70000"), "0-65535"),
                Arguments.of(List.of("echo", "--port", "abc"), "--port"),
                Arguments.of(List.of("chat", "--reactor", "nosuch"), "no reactor named 'nosuch'"),
                Arguments.of(List.of("chatroom", "--max-line", "0"), "--max-line"),
                Arguments.of(List.of("log", "--max-queue", "5"), "--max-queue"),
                Arguments.of(List.of("client", "127.0.0.1"), "PORT"),
                Arguments.of(List.of("client", "127.0.0.1", "1", "--linger", "-1"), "--linger"));
    }

    @ParameterizedTest
    @MethodSource("badUsage")
    void badUsageExitsTwoWithAMessage(List<String> args, String mentioned) throws Exception {
        try (Child child = Child.start(dir, args.toArray(String[]::new))) {
            assertEquals(2, child.exitCode());
            assertEquals("", child.readRest(), "nothing on stdout");
            assertTrue(child.stderr().contains(mentioned), "stderr names the problem:\n" + child.stderr());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "echo", "chat", "chatroom", "log", "client"})
    void helpExitsZero(String app) throws Exception {
        String[] args = app.isEmpty() ? new String[] {"--help"} : new String[] {app, "--help"};
        try (Child child = Child.start(dir, args)) {
            String usage = child.readRest();
            assertEquals(0, child.exitCode());
            assertTrue(usage.startsWith(("Usage: torsion " + app).trim()), usage);
        }
    }

    @Test
    void unopenableLogFileExitsOneBeforeListening() throws Exception {
        Path file = dir.resolve("no-such-dir").resolve("x.log");
        try (Child child = Child.start(dir, "log", "--port", "0", "--file", file.toString())) {
            assertEquals(1, child.exitCode());
            assertEquals("", child.readRest(), "no ready line");
            assertTrue(child.stderr().contains("cannot open log file " + file), child.stderr());
        }
    }

    @Test
    void portInUseExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Child child = Child.start(dir, "echo", "--port", String.valueOf(taken.getLocalPort()))) {
            assertEquals(1, child.exitCode());
            assertTrue(child.stderr().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), child.stderr());
        }
    }

    static Stream<Arguments> appsOnEveryBackend() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : Backends.names()) {
            for (String app : List.of("echo", "chat", "chatroom", "log")) {
                cases.add(Arguments.of(app, backend));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("appsOnEveryBackend")
    void printsOneReadyLineAndStopsWithZeroOnSigterm(String app, String backend) throws Exception {
        List<String> args = new ArrayList<>(List.of(app, "--port", "0", "--reactor", backend));
        if (app.equals("log")) {
            args.addAll(List.of("--file", dir.resolve("ready.log").toString()));
        }
        try (Child child = Child.start(dir, args.toArray(String[]::new))) {
            int port = readyPort(child, app, backend);
            try (WireClient client = WireClient.connect(port)) {
                greet(app, client);
                child.terminate();
                client.expectEnd();
            }
            assertEquals(0, child.exitCode(), child.stderr());
            assertEquals("", child.readRest(), "nothing on stdout after the ready line");
        }
    }

    /** Checks the ready line and returns the port in it. */
    static int readyPort(Child child, String app, String backend) throws Exception {
        String ready = child.readLine();
        // The reactor names itself: the backend asked for, or the mode it chose (epoll -> epoll-et).
        Pattern expected = Pattern.compile("torsion " + app + " listening on 127\\.0\\.0\\.1:(\\d+)"
                + " \\(reactor " + Pattern.quote(backend) + "(-[a-z]+)?\\)");
        Matcher matcher = expected.matcher(ready == null ? "" : ready);
        assertTrue(matcher.matches(), "ready line: " + ready + "\nstderr:\n" + child.stderr());
        return Integer.parseInt(matcher.group(1));
    }

    private static void greet(String app, WireClient client) throws Exception {
        switch (app) {
            case "echo" -> client.expect("currently 1 open connections");
            case "chat" -> client.expect("Please enter your nickname");
            case "chatroom" -> client.expect("welcome 127.0.0.1:" + client.localPort() + ", 1 in room");
            case "log" -> client.sendLine("hello").expect("OK");
            default -> throw new IllegalArgumentException(app);
        }
    }
}
