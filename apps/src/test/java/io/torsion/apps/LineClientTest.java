package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Factory;
import io.torsion.api.LineReceiver;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The line client as a user runs it: a child process with a pipe for standard input. */
@Timeout(90)
class LineClientTest {

    private static final String BACKENDS = "io.torsion.apps.Backends#names";

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void inputEndsFirstThenTheClientWaitsForTheServerToClose(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(true, false));
                Child client = Child.start(dir, "client", "127.0.0.1", String.valueOf(server.port()),
                        "--reactor", backend)) {
            client.stdin().write("hello\nworld\n".getBytes(UTF_8));
            client.stdin().close();
            // The echo server closes once it sees our half-close: all the echo arrives first.
            assertEquals("currently 1 open connections\r\nhello\r\nworld\r\n", client.readRest(), "lines end in CRLF");
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void inputFromARegularFileIsSentWhole(String backend) throws Exception {
        Path input = Files.writeString(dir.resolve("input.txt"), "from a file\nlast line without newline");
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(false, false));
                Child client = Child.start(dir, input, "client", "127.0.0.1", String.valueOf(server.port()),
                        "--reactor", backend)) {
            assertEquals("from a file\r\nlast line without newline\r\n", client.readRest());
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void rawSendsTheBytesUnchanged(String backend) throws Exception {
        Path input = Files.writeString(dir.resolve("input.txt"), "a\nb\r\nc\rd\nno newline");
        try (InProcessServer server = InProcessServer.start(backend, new EchoServer(false, false));
                Child client = Child.start(dir, input, "client", "127.0.0.1", String.valueOf(server.port()),
                        "--reactor", backend, "--raw")) {
            assertEquals("a\nb\r\nc\rd\nno newline", client.readRest());
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    /** A server that splits lines Twisted's way: CRLF only, a bare newline is part of the line. */
    static final class StrictCrlfServer extends LineReceiver {
        @Override
        protected void lineReceived(String line) {
            sendLine("got " + line);
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void everyTypedLineReachesAServerThatWantsCrlf(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.start(backend, Factory.forProtocol(StrictCrlfServer::new));
                Child client = Child.start(dir, "client", "127.0.0.1", String.valueOf(server.port()),
                        "--reactor", backend)) {
            client.stdin().write("one\ntwo\r\nthr".getBytes(UTF_8));
            client.stdin().flush();
            client.stdin().write("ee".getBytes(UTF_8));
            client.stdin().close();
            assertEquals("got one\r\ngot two\r\ngot three\r\n", client.readRest());
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void serverClosingFirstIsReported(String backend) throws Exception {
        try (InProcessServer server = InProcessServer.startWith(backend, reactor -> new ChatServer(16384, reactor));
                Child client = Child.start(dir, "client", "127.0.0.1", String.valueOf(server.port()),
                        "--reactor", backend)) {
            client.stdin().write("alice\nlist\nbye\n".getBytes(UTF_8));
            client.stdin().flush(); // and keep standard input open: the server closes first
            assertEquals("Please enter your nickname\r\nWelcome, alice!\r\nusers: alice\r\nBye from server!\r\n"
                    + "Disconnected from server" + System.lineSeparator(), client.readRest());
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void halfClosesAtEndOfInputAndLeavesAfterLinger(String backend) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Child client = Child.start(dir, "client", "127.0.0.1", String.valueOf(listener.getLocalPort()),
                        "--reactor", backend, "--linger", "0.5")) {
            client.stdin().write("last words\n".getBytes(UTF_8));
            client.stdin().close();
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(WireClient.READ_TIMEOUT_MS);
                InputStream in = peer.getInputStream();
                // Everything typed, then end of stream: the client half-closed, and we never close.
                assertEquals("last words\r\n", new String(in.readAllBytes(), UTF_8));
                assertEquals(0, client.exitCode(), client.stderr());
                assertEquals("", client.readRest());
            }
        }
    }

    static Stream<Arguments> endpointsOnEveryBackend() {
        List<Arguments> cases = new ArrayList<>();
        for (String backend : Backends.names()) {
            cases.add(Arguments.of(backend, "tcp:0:interface=127.0.0.1", "tcp:host=127.0.0.1:port=%d:timeout=5"));
            if (LauncherTest.hasIpv6Loopback()) {
                cases.add(Arguments.of(backend, "tcp6:0:interface=\\:\\:1", "tcp:\\:\\:1:%d"));
            }
            if (!backend.equals("select")) { // the JDK's channels cannot name abstract sockets
                String name = "@torsion-client-" + ProcessHandle.current().pid() + "-" + backend;
                cases.add(Arguments.of(backend, "unix:" + name, "unix:" + name));
            }
            Path file = Path.of(System.getProperty("java.io.tmpdir"), "torsion-client-" + ProcessHandle.current().pid()
                    + "-" + backend + ".sock");
            cases.add(Arguments.of(backend, "unix:" + file, "unix:path=" + file + ":timeout=5"));
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("endpointsOnEveryBackend")
    void connectsToAClientEndpoint(String backend, String serverEndpoint, String clientEndpoint) throws Exception {
        try (InProcessServer server = InProcessServer.startOn(backend, serverEndpoint, new EchoServer(false, false));
                Child client = Child.start(dir, "client", String.format(clientEndpoint, server.port()),
                        "--reactor", backend)) {
            client.stdin().write("through an endpoint\n".getBytes(UTF_8));
            client.stdin().close();
            assertEquals("through an endpoint\r\n", client.readRest());
            assertEquals(0, client.exitCode(), client.stderr());
        }
    }

    @ParameterizedTest
    @MethodSource(BACKENDS)
    void refusedConnectionExitsOne(String backend) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (Child client = Child.start(dir, "client", "127.0.0.1", String.valueOf(closedPort), "--reactor", backend)) {
            assertEquals(1, client.exitCode());
            assertEquals("", client.readRest());
            assertTrue(client.stderr().contains("cannot connect to 127.0.0.1:" + closedPort + ": connection refused"),
                    client.stderr());
        }
    }
}
