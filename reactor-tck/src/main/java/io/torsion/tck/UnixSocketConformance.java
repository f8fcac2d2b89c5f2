package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.PeerCredentials;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.api.UnixTransport;
import java.io.IOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What only Unix domain sockets have: the socket file (stale, live, not a socket, its mode, its
 * removal, deleted under a listener, two servers racing for it), abstract names, the path limit,
 * clear connect failures and peer credentials. Run by each backend's {@link SocketKind#UNIX} kit.
 */
public interface UnixSocketConformance extends Kit {

    private String freshPath() {
        return ((UnixDomainSocketAddress) kind().freshAddress(this)).getPath().toString();
    }

    private ListeningPort listenEchoAt(String path, int mode) {
        List<EchoProbe> sink = new CopyOnWriteArrayList<>();
        return call(() -> reactor().listenUnix(path, collecting(sink, () -> new EchoProbe(this, "unix-echo", false)),
                mode, Reactor.DEFAULT_BACKLOG));
    }

    private Throwable listenFailure(String path) {
        return call(() -> {
            try {
                reactor().listenUnix(path, Factory.forProtocol(() -> new BaseProtocol() { }));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
    }

    /** A socket file whose server is gone, as a crashed server leaves it. */
    private static void leaveStaleSocketFile(String path) throws IOException {
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(path));
        }
        assertTrue(Files.exists(Path.of(path)), "precondition: the stale socket file is there");
    }

    @Test
    @Tag("unix")
    default void staleSocketFileIsRemovedAndTheServerBinds() throws Exception {
        String path = freshPath();
        leaveStaleSocketFile(path);
        ListeningPort port = listenEchoAt(path, 0666);
        assertEchoes(connect(port), "over the path a dead server left");
    }

    @Test
    @Tag("unix")
    default void liveServerOfAnotherProgramIsAddressInUseAndKeepsItsFile() throws Exception {
        String path = freshPath();
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(UnixDomainSocketAddress.of(path));
            BindException e = assertInstanceOf(BindException.class, listenFailure(path));
            assertEquals("address already in use: " + path, e.getMessage());
            assertTrue(Files.exists(Path.of(path)), "the live server's socket file is still there");
        }
    }

    @Test
    @Tag("unix")
    default void fileThatIsNotASocketIsNeverRemoved() throws Exception {
        String path = freshPath();
        Files.writeString(Path.of(path), "precious");
        BindException e = assertInstanceOf(BindException.class, listenFailure(path));
        assertTrue(e.getMessage().startsWith("address already in use: " + path), e.getMessage());
        assertEquals("precious", Files.readString(Path.of(path)), "the file is untouched");
    }

    @Test
    @Tag("unix")
    default void modeIsAppliedAndStoppingRemovesTheFile() throws Exception {
        String path = freshPath();
        ListeningPort port = listenEchoAt(path, 0660);
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(path))));
        assertEchoes(connect(port), "through a 0660 socket");
        exec(port::stopListening);
        assertFalse(Files.exists(Path.of(path)), "the socket file is removed when listening stops");
    }

    @Test
    @Tag("unix")
    default void socketFileDeletedWhileListeningKeepsConnectionsAndNewClientsAreToldWhy() throws Exception {
        String path = freshPath();
        ListeningPort port = listenEchoAt(path, 0666);
        Peer before = connect(port);
        Files.delete(Path.of(path));
        assertEchoes(before, "the connection outlives its file");
        RecordingClientFactory client = new RecordingClientFactory(this);
        exec(() -> reactor().connectUnix(path, client, Duration.ofSeconds(10)));
        await("clientConnectionFailed", () -> !client.failures.isEmpty());
        NoSuchFileException e = assertInstanceOf(NoSuchFileException.class, client.failures.get(0));
        assertTrue(e.getMessage().contains(path) && e.getMessage().contains("no such file"), e.getMessage());
        exec(port::stopListening);
        assertFalse(Files.exists(Path.of(path)), "stopping made no file");
    }

    @Test
    @Tag("unix")
    default void pathTooLongIsAClearErrorBeforeAnyCall() {
        String path = scratch().resolve("x".repeat(120)).toString();
        Throwable e = listenFailure(path);
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("too long") && e.getMessage().contains("107"), e.getMessage());
        assertFalse(Files.exists(Path.of(path)), "nothing was created");
        RecordingClientFactory client = new RecordingClientFactory(this);
        exec(() -> reactor().connectUnix(path, client, Duration.ofSeconds(10)));
        await("clientConnectionFailed", () -> !client.failures.isEmpty());
        assertTrue(client.failures.get(0).getMessage().contains("too long"), client.failures.get(0).getMessage());
    }

    @Test
    @Tag("unix")
    default void connectToAMissingPathFailsWithTheReason() {
        String path = freshPath();
        RecordingClientFactory client = new RecordingClientFactory(this);
        exec(() -> reactor().connectUnix(path, client, Duration.ofSeconds(10)));
        await("clientConnectionFailed", () -> !client.failures.isEmpty());
        NoSuchFileException e = assertInstanceOf(NoSuchFileException.class, client.failures.get(0));
        assertEquals(path + ": no Unix socket here (no such file)", e.getMessage());
        assertEquals(List.of(), client.built, "no protocol for a failed connect");
    }

    /**
     * A socket file the client may not write to. Root passes every permission check, so as root the
     * client runs as nobody in a child process; otherwise the mode 0000 stops even its owner.
     */
    @Test
    @Tag("unix")
    default void connectWithoutPermissionFailsWithTheReason() throws Exception {
        String path = freshPath();
        boolean root = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        listenEchoAt(path, root ? 0600 : 0);
        String reason;
        if (root) {
            Files.setPosixFilePermissions(scratch(), PosixFilePermissions.fromString("rwxr-xr-x"));
            reason = UnixClientProcess.connectAs("nobody", reactor().name(), path);
        } else {
            RecordingClientFactory client = new RecordingClientFactory(this);
            exec(() -> reactor().connectUnix(path, client, Duration.ofSeconds(10)));
            await("clientConnectionFailed", () -> !client.failures.isEmpty());
            reason = client.failures.get(0).getMessage();
        }
        assertEquals("permission denied connecting to the Unix socket " + path, reason);
    }

    @Test
    @Tag("unix")
    default void twoServersRacingForOnePathEndWithExactlyOneListening() throws Exception {
        for (int round = 0; round < 10; round++) {
            String path = freshPath();
            leaveStaleSocketFile(path);
            Reactor other = Reactors.create(reactor().name());
            Thread otherThread = new Thread(other::run, "racing-reactor");
            otherThread.start();
            try {
                CountDownLatch go = new CountDownLatch(1);
                Future<Throwable> theirs = spawn(() -> {
                    go.await();
                    java.util.concurrent.CompletableFuture<Throwable> result = new java.util.concurrent.CompletableFuture<>();
                    other.callFromThread(() -> {
                        try {
                            other.listenUnix(path, Factory.forProtocol(() -> new BaseProtocol() { }));
                            result.complete(null);
                        } catch (Exception e) {
                            result.complete(e);
                        }
                    });
                    return result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                });
                Future<Throwable> ours = spawn(() -> {
                    go.await();
                    return listenFailure(path);
                });
                go.countDown();
                Throwable a = ours.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                Throwable b = theirs.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertTrue(a == null ^ b == null, "exactly one server binds, round " + round + ": " + a + " / " + b);
                assertInstanceOf(BindException.class, a == null ? b : a, "the loser's reason");
                try (Peer winner = Peer.connect(SocketKind.UNIX, UnixDomainSocketAddress.of(path), 0)) {
                    assertTrue(winner.localAddress() != null, "the winner accepts on the path");
                }
            } finally {
                other.stop();
                otherThread.join(WAIT.toMillis());
            }
        }
    }

    @Test
    @Tag("unix")
    default void peerCredentialsNameThisProcessOnBothEnds() throws Exception {
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Probe(this, "creds-server")));
        RecordingClientFactory client = new RecordingClientFactory(this);
        exec(() -> connectClient(port.address(), client, Duration.ofSeconds(10)));
        Probe server = awaitMade(servers, 1).get(0);
        Probe made = awaitMade(client.built, 1).get(0);
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        int gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        for (Probe end : List.of(server, made)) {
            PeerCredentials creds = call(() -> ((UnixTransport) end.transport()).peerCredentials());
            assertEquals(uid, creds.uid(), "uid");
            assertEquals(gid, creds.gid(), "gid");
            if (creds.pid().isPresent()) {
                assertEquals(ProcessHandle.current().pid(), creds.pid().getAsLong(), "pid");
            } else {
                assertEquals("select", reactor().name(), "only the JDK's SO_PEERCRED hides the pid");
            }
        }
    }

    @Test
    @Tag("unix")
    default void abstractNamesWorkOnEpollAndAreAClearErrorWhereTheJdkCannotNameThem() throws Exception {
        String name = "@torsion-kit-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Throwable failure = call(() -> {
            try {
                reactor().listenUnix(name, Factory.forProtocol(() -> new EchoProbe(this, "abstract-echo", false)));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        if (reactor().name().equals("select")) {
            assertInstanceOf(IOException.class, failure);
            assertTrue(failure.getMessage().contains("need the epoll backend"), failure.getMessage());
            return;
        }
        assertEquals(null, failure, "listening on an abstract name");
        assertFalse(Files.exists(Path.of(name)), "an abstract name makes no file");
        RecordingClientFactory client = new RecordingClientFactory(this);
        exec(() -> reactor().connectUnix(name, client, Duration.ofSeconds(10)));
        Probe made = awaitMade(client.built, 1).get(0);
        assertEquals(UnixDomainSocketAddress.of(name), call(() -> made.transport().getPeer()), "the client's peer");
        exec(() -> made.transport().write("abstract".getBytes(StandardCharsets.US_ASCII)));
        await("the echo over an abstract name", () -> made.receivedBytes.get() == 8);
        Throwable again = call(() -> {
            try {
                reactor().listenUnix(name, Factory.forProtocol(() -> new BaseProtocol() { }));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertInstanceOf(BindException.class, again, "a second listener on the same abstract name");
    }
}
