package io.torsion.tck;

import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.assertPortFree;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Protocol;
import io.torsion.api.ShutdownPhase;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code Reactor.stop()}: everything closes, in the documented order, and nothing is left behind. */
public interface ShutdownConformance extends Kit {

    int CONNECTIONS = 3;

    /** Stops the reactor from its own callback when it reads anything. */
    final class Stopper extends Probe {
        Stopper(Kit kit) {
            super(kit, "stopping-server");
        }

        @Override
        void received(ByteBuffer data) {
            transport().reactor().stop(); // its own loop: on a group, that stops every loop
        }
    }

    /** Counts its lifecycle and builds {@link Stopper}s. */
    final class StopFactory implements Factory {
        private final Kit kit;
        final AtomicInteger stops = new AtomicInteger();
        /** How many of its connections had heard connectionLost when stopFactory ran. */
        final AtomicLong lostWhenStopped = new AtomicLong(-1);
        final List<Stopper> built = new CopyOnWriteArrayList<>();

        StopFactory(Kit kit) {
            this.kit = kit;
        }

        @Override
        public Protocol buildProtocol(SocketAddress peer) {
            Stopper protocol = new Stopper(kit);
            built.add(protocol);
            return protocol;
        }

        @Override
        public void stopFactory() {
            stops.incrementAndGet();
            lostWhenStopped.set(built.stream().filter(Probe::isLost).count());
        }
    }

    @Test
    @Tag("shutdown")
    default void stopFromInsideACallbackShutsDownCompletely() throws Exception {
        checkShutdown(true);
    }

    @Test
    @Tag("shutdown")
    default void stopFromAnotherThreadShutsDownCompletely() throws Exception {
        checkShutdown(false);
    }

    private void checkShutdown(boolean fromCallback) throws Exception {
        StopFactory factory = new StopFactory(this);
        ListeningPort port = listen(factory);
        List<Peer> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            clients.add(connect(port));
        }
        awaitMade(factory.built, CONNECTIONS);
        List<String> phases = new CopyOnWriteArrayList<>();
        exec(() -> {
            reactor().addShutdownTrigger(ShutdownPhase.AFTER, () -> phases.add("AFTER " + after(factory)));
            reactor().addShutdownTrigger(ShutdownPhase.DURING, () -> phases.add("DURING listening=" + port.isListening()));
            reactor().addShutdownTrigger(ShutdownPhase.BEFORE, () -> phases.add("BEFORE " + before(factory, port)));
        });
        if (fromCallback) {
            clients.get(0).write("stop");
        } else {
            reactor().stop();
        }
        awaitRunReturned();
        assertEquals(List.of(
                "BEFORE listening=true open=" + CONNECTIONS + " stopped=0",
                "DURING listening=false",
                "AFTER lost=" + CONNECTIONS + " stopped=1"), phases, "shutdown triggers, with what each saw");
        for (Stopper protocol : factory.built) {
            assertEquals(1, protocol.reasons.size(), "connectionLost calls of " + protocol.name);
        }
        assertEquals(1, factory.stops.get(), "stopFactory calls");
        assertEquals(CONNECTIONS, factory.lostWhenStopped.get(), "connections lost before stopFactory ran");
        kind().assertFree(port.address());
        for (Peer client : clients) {
            client.readUntilEndOrReset();
        }
        // Submitting after the reactor stopped is allowed; the task is dropped.
        reactor().callFromThread(() -> violation("a task submitted after stop ran"));
    }

    private String before(StopFactory factory, ListeningPort port) {
        long open = factory.built.stream().filter(p -> p.transport().isOpen()).count();
        return "listening=" + port.isListening() + " open=" + open + " stopped=" + factory.stops.get();
    }

    private String after(StopFactory factory) {
        long lost = factory.built.stream().filter(Probe::isLost).count();
        return "lost=" + lost + " stopped=" + factory.stops.get();
    }
}
