package io.torsion.epoll.nativeio;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLERR;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLHUP;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLOUT;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLRDHUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionRefused;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The native layer over real loopback sockets. */
@Timeout(20)
class NativeSocketTest {

    private final Loopback loop = new Loopback();

    NativeSocketTest() throws IOException {
    }

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void listenerReportsTheKernelChosenPort() throws Exception {
        InetSocketAddress bound = loop.listener().localAddress(loop.buffer);

        assertEquals(InetAddress.getLoopbackAddress(), bound.getAddress());
        assertNotEquals(0, bound.getPort());
    }

    @Test
    void acceptWithNothingPendingReturnsNull() throws Exception {
        assertNull(loop.listener().accept(loop.buffer));
    }

    @Test
    void connectedPairExchangesBytesBothWays() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());

        loop.send(pair[0], "hello");
        assertEquals("hello", loop.receive(pair[1], 5));
        loop.send(pair[1], "world!");
        assertEquals("world!", loop.receive(pair[0], 6));
        assertEquals(pair[0].localAddress(loop.buffer), pair[1].peerAddress(loop.buffer));
        assertEquals(pair[0].localAddress(loop.buffer), NativeSocket.peerAddressFromAccept(loop.buffer));
    }

    @Test
    void byteBufferReadsAndSendsAdvancePositions() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());
        IoVector staging = new IoVector();
        try {
            ByteBuffer heap = ByteBuffer.wrap("heap!".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
            ByteBuffer direct = ByteBuffer.allocateDirect(16).put("direct".getBytes(StandardCharsets.US_ASCII)).flip();
            assertEquals(5, pair[0].send(heap, staging));
            assertEquals(6, pair[0].send(direct, staging));
            assertFalse(heap.hasRemaining());
            assertFalse(direct.hasRemaining());
            ByteBuffer[] pieces = {ByteBuffer.wrap(new byte[] {'a', 'b'}), ByteBuffer.allocateDirect(1).put((byte) 'c').flip()};
            assertEquals(3, pair[0].send(pieces, 0, 2, staging));
            assertFalse(pieces[0].hasRemaining() || pieces[1].hasRemaining());

            loop.awaitEvents(pair[1], EPOLLIN);
            ByteBuffer into = ByteBuffer.allocateDirect(64);
            int got = 0;
            while (got < 14) {
                int n = pair[1].read(into);
                if (n == NativeSocket.WOULD_BLOCK) {
                    loop.awaitEvents(pair[1], EPOLLIN);
                } else {
                    got += n;
                }
            }
            assertEquals(14, into.position());
            byte[] bytes = new byte[14];
            into.flip().get(bytes);
            assertEquals("heap!directabc", new String(bytes, StandardCharsets.US_ASCII));
        } finally {
            staging.free();
        }
    }

    @Test
    void readOnAnEmptySocketWouldBlock() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());

        assertEquals(NativeSocket.WOULD_BLOCK, pair[1].read(loop.memory.address(), 100));
    }

    @Test
    void gatheringSendTakesDirectAndHeapBuffersInOrder() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put("xabc".getBytes(StandardCharsets.US_ASCII)).flip();
        direct.position(1);
        ByteBuffer heap = ByteBuffer.wrap("--defg".getBytes(StandardCharsets.US_ASCII), 2, 4).slice();
        ByteBuffer last = ByteBuffer.allocateDirect(1).put((byte) 'h').flip();
        IoVector vector = new IoVector();
        try {
            assertTrue(vector.add(direct));
            assertTrue(vector.add(heap));
            assertTrue(vector.add(ByteBuffer.allocate(0)));
            assertTrue(vector.add(last));
            assertEquals(3, vector.count());

            assertEquals(8, pair[0].send(vector));

            assertEquals("abcdefgh", loop.receive(pair[1], 8));
            assertEquals(1, direct.position(), "the caller advances its buffers, not the vector");
        } finally {
            vector.free();
        }
    }

    @Test
    void vectorReportsFullAfterMaxBuffers() {
        IoVector vector = new IoVector();
        try {
            ByteBuffer one = ByteBuffer.allocateDirect(1);
            for (int i = 1; i < IoVector.MAX_BUFFERS; i++) {
                assertTrue(vector.add(one.duplicate()));
            }
            assertFalse(vector.add(one.duplicate()));
            assertFalse(vector.add(one.duplicate()), "nothing more once full");
            assertEquals(IoVector.MAX_BUFFERS, vector.count());
        } finally {
            vector.free();
        }
    }

    @Test
    void halfCloseGivesThePeerRdhupAndEndOfStreamWhileItCanStillSend() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());
        loop.send(pair[0], "last");

        pair[0].shutdownOutput();

        int events = loop.awaitEvents(pair[1], EPOLLIN | EPOLLRDHUP);
        assertTrue((events & EPOLLRDHUP) != 0, "EPOLLRDHUP for half-close, got " + events);
        assertEquals("last", loop.receive(pair[1], 4), "bytes before the half-close are still there");
        assertEquals(0, pair[1].read(loop.memory.address(), 100), "then end of stream");
        loop.send(pair[1], "reply");
        assertEquals("reply", loop.receive(pair[0], 5));
    }

    @Test
    void peerThatClosedWithUnreadDataResetsTheConnection() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());
        loop.send(pair[0], "never read");
        loop.awaitEvents(pair[1], EPOLLIN);

        pair[1].close(); // unread data in its receive queue: the kernel answers with RST

        int events = loop.awaitEvents(pair[0], EPOLLIN);
        assertTrue((events & (EPOLLHUP | EPOLLERR)) != 0, "reset reported as HUP/ERR, got " + events);
        PeerResetException reset = assertThrows(PeerResetException.class,
                () -> pair[0].read(loop.memory.address(), 100));
        assertEquals(Errno.ECONNRESET, reset.errno());
    }

    @Test
    void sendToAResetPeerThrowsInsteadOfRaisingSigpipe() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());
        loop.send(pair[0], "unread");
        loop.awaitEvents(pair[1], EPOLLIN);
        pair[1].close();
        loop.awaitEvents(pair[0], EPOLLIN);

        PeerResetException gone = assertThrows(PeerResetException.class, () -> {
            for (int i = 0; i < 3; i++) { // the first send may only collect the pending ECONNRESET
                pair[0].send(loop.memory.address(), 10);
            }
        });
        assertTrue(gone.errno() == Errno.EPIPE || gone.errno() == Errno.ECONNRESET, gone.getMessage());
    }

    @Test
    void connectToAClosedPortIsRefusedThroughSoError() throws Exception {
        InetSocketAddress closed = unusedPort();
        NativeSocket client = loop.track(NativeSocket.open(closed));

        boolean connected;
        try {
            connected = client.connect(closed, loop.buffer);
        } catch (ConnectionRefused refusedAtOnce) {
            return; // loopback may refuse synchronously; that is the same outcome
        }
        assertFalse(connected);
        // Interest in EPOLLIN only: the failure still arrives, as EPOLLERR/EPOLLHUP, whatever the mask.
        int events = loop.awaitEvents(client, EPOLLIN);
        assertTrue((events & EPOLLERR) != 0, "EPOLLERR without asking for it, got " + events);
        assertThrows(ConnectionRefused.class, () -> client.finishConnect(closed, loop.buffer));
        assertNull(client.takePendingError(loop.buffer), "reading SO_ERROR cleared it");
    }

    private InetSocketAddress unusedPort() throws IOException {
        NativeSocket probe = NativeSocket.open(Loopback.ANY_PORT);
        try {
            probe.bindAndListen(Loopback.ANY_PORT, 1, loop.buffer);
            return probe.localAddress(loop.buffer);
        } finally {
            probe.close();
        }
    }

    @Test
    void reusePortLetsSocketsShareAPortAndOnlySocketsThatAskFor() throws Exception {
        NativeSocket first = loop.track(NativeSocket.listen(Loopback.ANY_PORT, 4, true, loop.buffer));
        InetSocketAddress bound = first.localAddress(loop.buffer);
        NativeSocket second = loop.track(NativeSocket.listen(bound, 4, true, loop.buffer));
        assertEquals(bound, second.localAddress(loop.buffer), "a second SO_REUSEPORT socket on the same port");
        java.net.BindException taken = assertThrows(java.net.BindException.class,
                () -> loop.track(NativeSocket.listen(bound, 4, false, loop.buffer)));
        assertTrue(taken.getMessage().contains("address already in use"), taken.getMessage());
    }

    @Test
    void closeIsIdempotentAndNeverClosesAReusedNumber() throws Exception {
        NativeSocket first = NativeSocket.open(Loopback.ANY_PORT);
        int number = first.intValue();
        first.close();
        assertFalse(first.isOpen());

        NativeSocket second = loop.track(NativeSocket.open(Loopback.ANY_PORT));
        assertEquals(number, second.intValue(), "the kernel reuses the lowest free number");
        first.close();

        second.bindAndListen(Loopback.ANY_PORT, 1, loop.buffer);
        assertNotEquals(0, second.localAddress(loop.buffer).getPort(), "the reused number is still open");
    }

    @Test
    void socketOptionsReachTheKernel() throws Exception {
        NativeSocket[] pair = loop.pair(loop.listener());

        pair[0].setTcpNoDelay(true, loop.buffer);
        pair[0].setKeepAlive(true, loop.buffer);
        assertTrue(pair[0].tcpNoDelay(loop.buffer));
        assertTrue(pair[0].keepAlive(loop.buffer));
        pair[0].setTcpNoDelay(false, loop.buffer);
        assertFalse(pair[0].tcpNoDelay(loop.buffer));
    }

    @Test
    void ipv6LoopbackWorksWhenTheHostHasIt() throws Exception {
        InetSocketAddress any6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
        NativeSocket listener;
        try {
            listener = loop.listener(any6);
        } catch (NativeIoException noIpv6) {
            Assumptions.abort("no IPv6 loopback here: " + noIpv6.getMessage());
            return;
        }
        NativeSocket[] pair = loop.pair(listener);

        loop.send(pair[0], "six");
        assertEquals("six", loop.receive(pair[1], 3));
        assertEquals(any6.getAddress(), pair[1].peerAddress(loop.buffer).getAddress());
    }

    @Test
    void ipv4WildcardListensOnBothFamiliesWhereTheHostHasIpv6() throws Exception {
        NativeSocket listener = loop.track(NativeSocket.listen(new InetSocketAddress(0), 16, loop.buffer));
        InetSocketAddress bound = listener.localAddress(loop.buffer);
        Assumptions.assumeTrue(bound.getAddress() instanceof java.net.Inet6Address, "no IPv6 here: IPv4 only");
        assertTrue(bound.getAddress().isAnyLocalAddress());

        for (String client : new String[] {"127.0.0.1", "::1"}) {
            InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(client), bound.getPort());
            NativeSocket socket = loop.track(NativeSocket.open(target));
            if (!socket.connect(target, loop.buffer)) {
                loop.awaitEvents(socket, EPOLLOUT);
                assertTrue(socket.finishConnect(target, loop.buffer));
            }
            loop.awaitEvents(listener, EPOLLIN);
            NativeSocket accepted = listener.accept(loop.buffer);
            assertTrue(accepted != null, "accepted a connection from " + client);
            loop.track(accepted);
            assertEquals(InetAddress.getByName(client), NativeSocket.peerAddressFromAccept(loop.buffer).getAddress(),
                    "an IPv4 peer of a dual-stack socket parses as IPv4");
        }
    }

    @Test
    void epollRefusesARegularFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("input.txt"), "lines\n");
        int fd = TestLibC.INSTANCE.open(file.toString(), 0);
        assertTrue(fd >= 0);
        Epoll epoll = Epoll.create();
        try {
            assertFalse(epoll.add(fd, EPOLLIN, 1), "EPERM: regular files are always ready, epoll will not watch them");
        } finally {
            epoll.close();
            TestLibC.INSTANCE.close(fd);
        }
    }

    @Test
    void emptyInterestIsDeletedNotModified() throws Exception {
        Epoll epoll = loop.track(Epoll.create());
        NativeSocket listener = loop.listener();
        assertTrue(epoll.add(listener.intValue(), EPOLLIN, 1));

        assertThrows(IllegalArgumentException.class, () -> epoll.modify(listener.intValue(), EpollFlags.EPOLLET, 1));
        epoll.modify(listener.intValue(), EPOLLIN | EPOLLOUT, 2);
        epoll.delete(listener.intValue());
        epoll.delete(listener.intValue()); // not registered any more: quiet
    }

    @Test
    void nativeMemoryIsFreedOnce() {
        NativeMemory memory = NativeMemory.allocate(32);
        memory.free();
        memory.free();
        assertTrue(memory.isFreed());
        assertThrows(IllegalStateException.class, memory::address);
    }
}
