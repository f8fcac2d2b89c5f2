package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.torsion.api.testing.MemoryReactor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How a group's factory is shared or made per loop, without sockets: the loops are test doubles. */
class GroupFactoryTest {

    private final Reactor loopA = new MemoryReactor();
    private final Reactor loopB = new MemoryReactor();

    /** Counts its lifecycle calls. */
    private static final class Counting implements Factory {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public Protocol buildProtocol(java.net.SocketAddress peer) {
            return new BaseProtocol() { };
        }

        @Override
        public void startFactory() {
            starts.incrementAndGet();
        }

        @Override
        public void stopFactory() {
            stops.incrementAndGet();
        }
    }

    @Test
    void perLoopMakesOneFactoryPerLoopOnceEach() {
        List<Reactor> asked = new ArrayList<>();
        GroupFactory group = GroupFactory.perLoop(loop -> {
            asked.add(loop);
            return new Counting();
        });
        Factory a = group.forLoop(loopA);
        Factory b = group.forLoop(loopB);
        assertNotSame(a, b, "each loop its own factory");
        assertSame(a, group.forLoop(loopA), "the same one on every later call");
        assertEquals(List.of(loopA, loopB), asked, "the function called once per loop, with that loop");
    }

    @Test
    void sharedStartsOnceForTheFirstLoopAndStopsOnceAfterTheLast() {
        Counting shared = new Counting();
        GroupFactory group = GroupFactory.shared(shared);
        Factory a = group.forLoop(loopA);
        Factory b = group.forLoop(loopB);
        a.startFactory();
        b.startFactory();
        assertEquals(1, shared.starts.get(), "startFactory once for the group");
        a.stopFactory();
        assertEquals(0, shared.stops.get(), "not while another loop still uses it");
        b.stopFactory();
        b.stopFactory(); // a stop past the last does nothing
        assertEquals(1, shared.stops.get(), "stopFactory once, after the last loop");
        a.startFactory();
        assertEquals(2, shared.starts.get(), "listened with again: started again");
    }

    @Test
    void aSharedFactorysProtocolsSeeTheUsersFactory() {
        Counting shared = new Counting();
        BaseProtocol built = (BaseProtocol) GroupFactory.shared(shared).forLoop(loopA)
                .buildProtocol(new InetSocketAddress("127.0.0.1", 1));
        assertSame(shared, built.factory(), "factory() is the one the user gave, not the loop's view");
    }

    @Test
    void aPerLoopFunctionReturningNullIsRefused() {
        GroupFactory group = GroupFactory.perLoop(loop -> null);
        assertThrows(NullPointerException.class, () -> group.forLoop(loopA));
    }

    @Test
    void aGroupNeedsALoop() {
        assertThrows(IllegalArgumentException.class, () -> Reactors.createGroup("select", 0));
    }
}
