package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
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
                Arguments.of(List.of("chat", "--max-stored", "0"), "--max-stored"),
                Arguments.of(List.of("chat", "--mailbox-ttl", "10"), "such as 90s, 30m, 24h"),
                Arguments.of(List.of("client", "127.0.0.1"), "Expected ENDPOINT or HOST PORT"),
                Arguments.of(List.of("client", "127.0.0.1", "0"), "'0' is not a port to connect to"),
                Arguments.of(List.of("client", "tcp:host=example.org"), "key 'port': required"),
                Arguments.of(List.of("client", "bad_host", "1201"), "'bad_host' is neither an IP address nor a host name"),
                Arguments.of(List.of("echo", "--listen", "tcp:1200:backlg=5"), "key 'backlg': unknown"),
                Arguments.of(List.of("echo", "--listen", "tcp:1200:backlog=0"), "key 'backlog'"),
                Arguments.of(List.of("echo", "--listen", "nosuch:1"), "unknown scheme 'nosuch'"),
                Arguments.of(List.of("chat", "--host", "bad_host"), "--host"),
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

    /**
     * One app on several endpoints at once: three {@code --listen} (IPv4, a Unix socket, and IPv6
     * loopback where the machine has it) and the {@code --port} shorthand. Each is greeted as the
     * next connection.
     */
    @ParameterizedTest
    @MethodSource("appsOnEveryBackend")
    void listensOnEveryEndpointPrintsOneReadyLineAndStopsWithZeroOnSigterm(String app, String backend) throws Exception {
        Path socket = dir.resolve(app + ".sock");
        List<String> args = new ArrayList<>(List.of(app, "--listen", "tcp:0:interface=127.0.0.1",
                "--listen", "unix:" + socket, "--port", "0", "--reactor", backend));
        if (hasIpv6Loopback()) {
            args.addAll(List.of("--listen", "tcp6:0:interface=\\:\\:1"));
        }
        if (app.equals("log")) {
            args.addAll(List.of("--file", dir.resolve("ready.log").toString()));
        }
        try (Child child = Child.start(dir, args.toArray(String[]::new))) {
            List<SocketAddress> addresses = readyAddresses(child, app, backend);
            assertEquals(hasIpv6Loopback() ? 4 : 3, addresses.size(), "addresses in the ready line");
            assertEquals(UnixDomainSocketAddress.of(socket), addresses.get(1), "the Unix socket, second as given");
            List<WireClient> clients = new ArrayList<>();
            try {
                for (SocketAddress address : addresses) {
                    WireClient client = address instanceof UnixDomainSocketAddress unix
                            ? WireClient.connectUnix(unix.getPath()) : WireClient.connect((InetSocketAddress) address);
                    greet(app, client, clients.size() + 1);
                    if (app.equals("chatroom")) {
                        for (WireClient earlier : clients) {
                            earlier.expect("[" + HostPort.of(client.localAddress()) + "] entered room");
                        }
                    }
                    clients.add(client);
                }
                child.terminate();
                for (WireClient client : clients) {
                    expectEnd(app, client);
                }
            } finally {
                for (WireClient client : clients) {
                    client.close();
                }
            }
            assertEquals(0, child.exitCode(), child.stderr());
            assertEquals("", child.readRest(), "nothing on stdout after the ready line");
            assertFalse(Files.exists(socket), "socket file left after a clean stop");
        }
    }

    @Test
    void listenAloneTakesThePlaceOfTheDefaultPort() throws Exception {
        try (Child child = Child.start(dir, "echo", "--listen", "tcp:0:interface=127.0.0.1", "--reactor", "select")) {
            List<SocketAddress> addresses = readyAddresses(child, "echo", "select");
            assertEquals(1, addresses.size(), "addresses in the ready line");
            try (WireClient client = WireClient.connect((InetSocketAddress) addresses.get(0))) {
                greet("echo", client, 1);
            }
        }
    }

    /** Checks the ready line and returns the port in it. */
    static int readyPort(Child child, String app, String backend) throws Exception {
        return readyPort(child, app, backend, 1);
    }

    /** Checks the ready line of a server on {@code loops} loops ({@code (reactor NAME, N loops)}) and returns its port. */
    static int readyPort(Child child, String app, String backend, int loops) throws Exception {
        String ready = child.readLine();
        // The reactor names itself: the backend asked for, or the mode it chose (epoll -> epoll-et).
        Pattern expected = Pattern.compile("torsion " + app + " listening on 127\\.0\\.0\\.1:(\\d+)"
                + " \\(reactor " + Pattern.quote(backend) + "(-[a-z]+)?" + (loops > 1 ? ", " + loops + " loops" : "")
                + "\\)");
        Matcher matcher = expected.matcher(ready == null ? "" : ready);
        assertTrue(matcher.matches(), "ready line: " + ready + "\nstderr:\n" + child.stderr());
        return Integer.parseInt(matcher.group(1));
    }

    /** Checks a ready line naming several addresses ({@code 127.0.0.1:P, unix:PATH, [::1]:Q}) and returns them in order. */
    static List<SocketAddress> readyAddresses(Child child, String app, String backend) throws Exception {
        String ready = child.readLine();
        Pattern expected = Pattern.compile("torsion " + app + " listening on (.+)"
                + " \\(reactor " + Pattern.quote(backend) + "(-[a-z]+)?\\)");
        Matcher matcher = expected.matcher(ready == null ? "" : ready);
        assertTrue(matcher.matches(), "ready line: " + ready + "\nstderr:\n" + child.stderr());
        List<SocketAddress> addresses = new ArrayList<>();
        Pattern inet = Pattern.compile("(127\\.0\\.0\\.1|\\[::1\\]):(\\d+)");
        for (String each : matcher.group(1).split(", ")) {
            if (each.startsWith("unix:")) {
                addresses.add(UnixDomainSocketAddress.of(each.substring("unix:".length())));
                continue;
            }
            Matcher m = inet.matcher(each);
            assertTrue(m.matches(), "address '" + each + "' in ready line: " + ready);
            addresses.add(new InetSocketAddress(m.group(1).replace("[", "").replace("]", ""), Integer.parseInt(m.group(2))));
        }
        return addresses;
    }

    static boolean hasIpv6Loopback() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Checks the server closes; a chat room may first say that members closed before this one left. */
    private static void expectEnd(String app, WireClient client) throws IOException {
        if (!app.equals("chatroom")) {
            client.expectEnd();
            return;
        }
        String rest = new String(client.readToEnd(), UTF_8);
        assertTrue(rest.lines().allMatch(line -> line.matches("\\[.*\\] left room")), "before end of stream: " + rest);
    }

    /** Checks the greeting the {@code nth} open connection gets. */
    private static void greet(String app, WireClient client, int nth) throws Exception {
        switch (app) {
            case "echo" -> client.expect("currently " + nth + " open connections");
            case "chat" -> client.expect("Please enter your nickname");
            case "chatroom" -> client.expect("welcome " + HostPort.of(client.localAddress())
                    + ", " + nth + " in room");
            case "log" -> client.sendLine("hello").expect("OK");
            default -> throw new IllegalArgumentException(app);
        }
    }
}
