package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.ReactorGroup;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What only a reactor group shows, over real sockets: connections spread over every loop, each
 * living on one; a stop from inside a callback on any loop or from outside stops every loop with
 * every {@code connectionLost} once and the shared factory stopped once after them all; a protocol
 * that throws on one loop, or a loop stuck in a callback, leaves the other loops serving. Runs only
 * on a group ({@link GroupConformance}).
 */
public interface GroupTopics extends Kit {

    /** Enough connections that SO_REUSEPORT's hash puts some on every loop but with negligible odds. */
    int SPREAD = 24;

    /** An echo that throws on "boom", blocks its loop on "block" until released, and stops on "stop". */
    final class Misbehaving extends Probe {
        private final CountDownLatch release;

        Misbehaving(Kit kit, CountDownLatch release) {
            super(kit, "misbehaving-server", true);
            this.release = release;
        }

        @Override
        void received(ByteBuffer data) {
            String text = StandardCharsets.US_ASCII.decode(data.duplicate()).toString();
            switch (text) {
                case "boom" -> throw new IllegalStateException("thrown on purpose on one loop");
                case "stop" -> transport().reactor().stop();
                case "block" -> {
                    try {
                        release.await(Kit.WAIT.toMillis() * 3, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> transport().write(data);
            }
        }
    }

    /** A thread-safe factory that counts its start and stop and how many of its protocols were lost by then. */
    final class SharedCounting implements Factory {
        final List<Misbehaving> built = new CopyOnWriteArrayList<>();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        final AtomicLong lostWhenStopped = new AtomicLong(-1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Kit kit;

        SharedCounting(Kit kit) {
            this.kit = kit;
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            Misbehaving protocol = new Misbehaving(kit, release);
            built.add(protocol);
            return protocol;
        }

        @Override
        public void startFactory() {
            starts.incrementAndGet();
        }

        @Override
        public void stopFactory() {
            stops.incrementAndGet();
            lostWhenStopped.set(built.stream().filter(Probe::isLost).count());
        }
    }

    /** The loops whose threads the servers in {@code probes} live on. */
    private Set<Thread> homes(List<? extends Probe> probes) {
        return probes.stream().map(Probe::home).collect(Collectors.toSet());
    }

    /** Connects {@link #SPREAD} clients that each get an echo; returns them. */
    private List<Peer> connectSpread(ListeningPort port) throws Exception {
        List<Peer> clients = new ArrayList<>();
        for (int i = 0; i < SPREAD; i++) {
            Peer client = connect(port);
            assertEchoes(client, "hello " + i);
            clients.add(client);
        }
        return clients;
    }

    @Test
    @Tag("group")
    default void connectionsSpreadOverEveryLoopAndEachStaysOnOne() throws Exception {
        ReactorGroup group = group();
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(servers);
        List<Peer> clients = connectSpread(port);
        awaitMade(servers, SPREAD);
        Set<Thread> homes = homes(servers);
        assertEquals(group.size(), homes.size(), "loops serving " + SPREAD + " connections: " + homes);
        for (int i = 0; i < clients.size(); i++) {
            assertEchoes(clients.get(i), "again " + i); // and the probes check: always the same thread
        }
        EchoProbe any = servers.get(0);
        Reactor loop = any.call(() -> any.transport().reactor());
        assertTrue(group.loops().contains(loop), "transport.reactor() is one of the group's loops");
        assertTrue(any.call(loop::isReactorThread), "a connection's callbacks run on its transport's reactor");
    }

    @Test
    @Tag("group")
    default void writingFromAnotherLoopIsRefusedAndHandingOverWorks() throws Exception {
        SharedCounting factory = new SharedCounting(this);
        ListeningPort port = listen(factory);
        List<Peer> clients = connectSpread(port);
        awaitMade(factory.built, SPREAD);
        Misbehaving target = factory.built.get(0);
        Misbehaving elsewhere = factory.built.stream().filter(p -> p.home() != target.home()).findFirst().orElseThrow();
        IllegalStateException wrongThread = elsewhere.call(() -> {
            try {
                target.transport().write("from the wrong loop".getBytes(StandardCharsets.US_ASCII));
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertNotNull(wrongThread, "a write from another loop's thread is refused");
        assertTrue(wrongThread.getMessage().contains("callFromThread"), wrongThread.getMessage());
        elsewhere.exec(() -> target.transport().reactor().callFromThread(
                () -> target.transport().write("handed over".getBytes(StandardCharsets.US_ASCII))));
        String greeting = new String(target.keptBytes(), StandardCharsets.US_ASCII);
        Peer targetClient = clients.get(Integer.parseInt(greeting.substring("hello ".length())));
        assertEquals("handed over", new String(targetClient.readExactly(11), StandardCharsets.US_ASCII));
    }

    @Test
    @Tag("group")
    default void stopFromInsideACallbackOnOneLoopStopsEveryLoop() throws Exception {
        checkGroupStop(true);
    }

    @Test
    @Tag("group")
    default void stopFromOutsideStopsEveryLoop() throws Exception {
        checkGroupStop(false);
    }

    private void checkGroupStop(boolean fromCallback) throws Exception {
        SharedCounting factory = new SharedCounting(this);
        ListeningPort port = listen(factory);
        List<Peer> clients = connectSpread(port);
        awaitMade(factory.built, SPREAD);
        assertEquals(group().size(), homes(factory.built).size(), "every loop has connections");
        assertEquals(1, factory.starts.get(), "startFactory of a shared factory, once for the group");
        if (fromCallback) {
            clients.get(0).write("stop");
        } else {
            group().stop();
        }
        awaitRunReturned();
        for (Misbehaving server : factory.built) {
            assertEquals(1, server.reasons.size(), server.name + " connectionLost calls: " + server.reasons);
        }
        assertEquals(1, factory.stops.get(), "stopFactory of a shared factory, once for the group");
        assertEquals(SPREAD, factory.lostWhenStopped.get(), "connections lost on every loop before stopFactory");
        for (Peer client : clients) {
            client.readUntilClosed();
        }
        assertThrows(IllegalStateException.class, () -> group().listenTcp(
                new java.net.InetSocketAddress("127.0.0.1", 0), io.torsion.api.GroupFactory.shared(factory)),
                "a stopped group listens no more");
    }

    @Test
    @Tag("group")
    default void aProtocolThrowingOnOneLoopLeavesTheOtherLoopsServing() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        onUncaughtError((context, error) -> reports.add(context + ": " + error.getMessage()));
        SharedCounting factory = new SharedCounting(this);
        ListeningPort port = listen(factory);
        List<Peer> clients = connectSpread(port);
        awaitMade(factory.built, SPREAD);
        Misbehaving victim = factory.built.get(0);
        Peer victimClient = clients.get(0);
        victimClient.write("boom");
        victimClient.readUntilClosed();
        victim.awaitLost();
        await("the exception was reported", () -> !reports.isEmpty());
        for (int i = 1; i < clients.size(); i++) {
            assertEchoes(clients.get(i), "still served " + i); // on the thrower's loop and the others
        }
        assertEchoes(connect(port), "a new connection is served");
    }

    /**
     * A loop stuck in a callback holds up only its own connections. With an acceptor the others go on
     * accepting (the acceptor runs no user code, and the fewest-connections choice passes a loop whose
     * hand-overs pile up); with SO_REUSEPORT the kernel still hashes some new connections to the stuck
     * loop's socket, where they wait, and the rest are served. Either way, once released, every
     * connection is served.
     */
    @Test
    @Tag("group")
    default void aLoopStuckInACallbackLeavesTheOthersAcceptingAndServing() throws Exception {
        SharedCounting factory = new SharedCounting(this);
        ListeningPort port = listen(factory);
        Peer blocker = connect(port);
        assertEchoes(blocker, "first");
        Misbehaving stuckServer = awaitMade(factory.built, 1).get(0);
        Thread stuck = stuckServer.home();
        List<Peer> later = new ArrayList<>();
        try {
            blocker.write("block");
            for (int i = 0; i < SPREAD; i++) {
                Peer client = connect(port);
                client.write("ping");
                later.add(client);
            }
            await("connections served by the loops that are not stuck", () -> factory.built.stream()
                    .filter(p -> p.home() != null && p.home() != stuck && p.receivedBytes.get() >= 4).count() >= 3);
        } finally {
            factory.release.countDown();
        }
        for (Peer client : later) {
            assertEquals("ping", new String(client.readExactly(4), StandardCharsets.US_ASCII));
        }
        assertEchoes(blocker, "released");
    }
}
