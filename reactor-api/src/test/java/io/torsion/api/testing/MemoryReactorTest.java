package io.torsion.api.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Connector;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import io.torsion.api.ReconnectingClientFactory;
import io.torsion.api.ShutdownPhase;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class MemoryReactorTest {

    private final MemoryReactor reactor = new MemoryReactor();
    private final List<String> events = new ArrayList<>();

    /** A client factory that records what it hears. */
    final class Recording implements ClientFactory {
        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            events.add("build " + peer);
            return new BaseProtocol() {
                @Override
                public void connectionMade() {
                    events.add("made");
                }

                @Override
                public void connectionLost(ConnectionClosed reason) {
                    events.add("lost " + reason.getClass().getSimpleName());
                }
            };
        }

        @Override
        public void startedConnecting(Connector connector) {
            events.add("started");
        }

        @Override
        public void clientConnectionFailed(Connector connector, Throwable reason) {
            events.add("failed " + reason.getMessage());
        }

        @Override
        public void clientConnectionLost(Connector connector, ConnectionClosed reason) {
            events.add("client lost");
        }
    }

    @Test
    void listenRecordsTheCallAndAcceptBuildsAProtocolPerConnection() throws Exception {
        List<SocketAddress> peers = new ArrayList<>();
        Factory factory = peer -> {
            peers.add(peer);
            return new BaseProtocol() {
                @Override
                public void dataReceived(ByteBuffer data) {
                    transport.write(data);
                }
            };
        };
        ListeningPort port = reactor.listenTcp(0, factory);
        ListeningPort second = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 8000), factory);
        assertEquals(MemoryReactor.FIRST_FREE_PORT, port.port());
        assertEquals(8000, second.port());
        MemoryReactor.ListenCall call = reactor.tcpListens().get(0);
        assertSame(factory, call.factory());
        StringTransport a = call.accept();
        StringTransport b = call.accept();
        a.receive("ping");
        assertEquals("ping", a.valueString());
        assertEquals(List.of(a.getPeer(), b.getPeer()), peers);
        assertFalse(a.getPeer().equals(b.getPeer()), "each connection has its own peer address");
        port.stopListening();
        assertThrows(IllegalStateException.class, call::accept);
    }

    @Test
    void connectionCompletedByHandTellsTheFactoryWhenLost() {
        Connector connector = reactor.connectTcp("example.com", 7, new Recording(), null);
        MemoryReactor.ConnectCall call = reactor.tcpConnects().get(0);
        assertSame(connector, call);
        assertEquals(Duration.ofSeconds(30), call.timeout());
        assertEquals(MemoryReactor.AttemptState.PENDING, call.state());
        StringTransport wire = call.complete();
        assertThrows(IllegalStateException.class, call::complete, "only a pending attempt completes");
        wire.loseConnectionNow();
        assertEquals(List.of("started", "build example.com/<unresolved>:7", "made", "lost ConnectionDone", "client lost"),
                events);
        assertEquals(MemoryReactor.AttemptState.LOST, call.state());
    }

    @Test
    void connectionFailedByHandAndStoppedAttempts() {
        MemoryReactor.ConnectCall call = (MemoryReactor.ConnectCall) reactor.connectTcp("h", 1, new Recording(),
                Duration.ofSeconds(2));
        call.fail(new ConnectionRefused("refused by the test"));
        assertThrows(IllegalStateException.class, () -> call.fail(new ConnectionRefused("again")));
        call.connect();
        call.stopConnecting();
        assertEquals(List.of("started", "failed refused by the test", "started", "failed connection attempt to h:1 was stopped"),
                events);
        assertEquals(2, call.attempts());
    }

    /** Reconnects with the default backoff, with no jitter so the test can name the times. */
    static final class Reconnecting extends ReconnectingClientFactory {
        int built;

        Reconnecting() {
            setJitter(0);
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            built++;
            resetDelay();
            return new BaseProtocol() { };
        }
    }

    @Test
    void reconnectingFactoryRetriesOnTheMemoryReactorsClock() {
        Reconnecting factory = new Reconnecting();
        factory.setInitialDelay(Duration.ofSeconds(1));
        reactor.connectTcp("server", 9, factory, null);
        MemoryReactor.ConnectCall call = reactor.tcpConnects().get(0);
        call.fail(null);
        assertEquals(1, call.attempts());
        reactor.advance(Duration.ofMillis(2718));
        assertEquals(1, call.attempts(), "not before e seconds");
        reactor.advance(Duration.ofMillis(1));
        assertEquals(2, call.attempts(), "retried after e seconds");
        StringTransport wire = call.complete();
        assertEquals(1, factory.built);
        wire.loseConnectionNow(new ConnectionDone());
        assertTrue(factory.isRetryPending(), "a lost connection is retried");
        reactor.advance(Duration.ofSeconds(3));
        assertEquals(3, call.attempts());
        factory.stopTrying();
        assertEquals(MemoryReactor.AttemptState.FAILED, call.state(), "stopTrying gave up the pending attempt");
        assertEquals(1, reactor.tcpConnects().size(), "retries reuse the connector");
    }

    @Test
    void handedOverTasksRunAtTheNextAdvanceAndPoolTasksWhenTheTestSays() {
        reactor.callFromThread(() -> events.add("handed over"));
        assertEquals(List.of(), events);
        reactor.runPending();
        assertEquals(List.of("handed over"), events);
        reactor.configureThreadPool(1, 1);
        CompletableFuture<String> stage = reactor.deferToThread(() -> "result").toCompletableFuture();
        reactor.callInThread(() -> events.add("pool"));
        assertThrows(RejectedExecutionException.class, () -> reactor.callInThread(() -> { }), "past the bound");
        assertFalse(stage.isDone());
        assertEquals(2, reactor.runThreadTasks());
        assertEquals("result", stage.getNow(null));
        assertEquals(List.of("handed over", "pool"), events);
    }

    @Test
    void stopRunsTriggersStopsPortsAndClosesConnections() {
        reactor.run();
        assertTrue(reactor.isRunning());
        ListeningPort port = reactor.listenTcp(0, Factory.forProtocol(() -> new BaseProtocol() { }));
        StringTransport accepted = reactor.tcpListens().get(0).accept();
        reactor.connectTcp("pending", 1, new Recording(), null);
        CompletableFuture<Object> queued = reactor.deferToThread(() -> 1).thenApply(x -> (Object) x).toCompletableFuture();
        for (ShutdownPhase phase : ShutdownPhase.values()) {
            reactor.addShutdownTrigger(phase, () -> events.add(phase + " listening=" + port.isListening()));
        }
        reactor.stop();
        assertEquals(List.of("started", "BEFORE listening=true", "failed connection attempt to pending:1 was stopped",
                "DURING listening=false", "AFTER listening=false"), events);
        assertInstanceOf(ConnectionDone.class, accepted.closeReason());
        assertTrue(queued.isCompletedExceptionally());
        assertThrows(RejectedExecutionException.class, () -> reactor.callInThread(() -> { }));
        assertFalse(reactor.isRunning());
        assertNull(reactor.standardInput());
    }

    @Test
    void connectProtocolCompletesOnceTheTestConnectsAndFailsWithTheReason() {
        BaseProtocol protocol = new BaseProtocol() { };
        CompletableFuture<BaseProtocol> stage = reactor.connectProtocol("h", 1, protocol, null).toCompletableFuture();
        StringTransport wire = reactor.tcpConnects().get(0).complete();
        reactor.runPending();
        assertSame(protocol, stage.getNow(null));
        assertSame(protocol, wire.protocol());
        BaseProtocol other = new BaseProtocol() { };
        CompletableFuture<BaseProtocol> refused = reactor.connectProtocol("h", 2, other, null)
                .toCompletableFuture();
        ConnectionRefused reason = new ConnectionRefused("refused by the test");
        reactor.tcpConnects().get(1).fail(reason);
        assertSame(reason, assertThrows(java.util.concurrent.ExecutionException.class, refused::get).getCause());
    }

    @Test
    void cancellingTheConnectProtocolStageGivesTheAttemptUp() {
        BaseProtocol protocol = new BaseProtocol() { };
        CompletableFuture<BaseProtocol> stage = reactor.connectProtocol("h", 1, protocol, null).toCompletableFuture();
        stage.cancel(false);
        assertEquals(MemoryReactor.AttemptState.FAILED, reactor.tcpConnects().get(0).state());
    }

    @Test
    void datagramListensAreRecordedAsRecordingTransports() {
        List<String> heard = new ArrayList<>();
        io.torsion.api.DatagramProtocol echo = new io.torsion.api.DatagramProtocol() {
            @Override
            public void datagramReceived(ByteBuffer data, SocketAddress from) {
                heard.add(java.nio.charset.StandardCharsets.UTF_8.decode(data).toString());
                transport.write(ByteBuffer.wrap("ack".getBytes(java.nio.charset.StandardCharsets.UTF_8)), from);
            }
        };
        reactor.listenUdp(new InetSocketAddress("127.0.0.1", 0), echo, 1024);
        MemoryReactor.DatagramListen listen = reactor.datagramListens().get(0);
        assertEquals("udp", listen.kind());
        assertEquals(MemoryReactor.FIRST_FREE_PORT, ((InetSocketAddress) listen.address()).getPort());
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 5555);
        listen.transport().receive("hi", client);
        assertEquals(List.of("hi"), heard);
        assertEquals(List.of("ack"), listen.transport().sentTexts());
        reactor.stop();
        assertFalse(listen.transport().isListening());
    }
}
