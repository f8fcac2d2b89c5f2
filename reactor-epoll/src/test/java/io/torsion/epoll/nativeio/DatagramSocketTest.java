package io.torsion.epoll.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.spi.DatagramTooLargeException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datagram sockets and their structs over real sockets: the kernel fills {@code struct mmsghdr}
 * arrays, sockaddrs and msg_flags, and takes the multicast option structs, so a wrong size or
 * offset fails here (slot 1 of a batch lands on slot 0's bytes, MSG_TRUNC is not seen, a join is
 * refused with EINVAL).
 */
@Timeout(20)
class DatagramSocketTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final SocketCallBuffer buffer = SocketCallBuffer.allocate();
    private final SocketAddressCodec codec = new SocketAddressCodec();
    private final MessageVector received = MessageVector.forReceive(8, 64);
    private final MessageVector sending = MessageVector.forSend(8, 4096);
    private final DatagramSocket socket;
    private final java.net.DatagramSocket peer;

    DatagramSocketTest() throws IOException {
        socket = DatagramSocket.bindUdp(new InetSocketAddress(LOOPBACK, 0), false, buffer);
        peer = new java.net.DatagramSocket(0, LOOPBACK);
        peer.setSoTimeout(10_000);
    }

    @AfterEach
    void close() {
        socket.close();
        peer.close();
        buffer.free();
        received.free();
        sending.free();
    }

    private SocketAddress local() throws IOException {
        return socket.localAddress(buffer);
    }

    private void fromPeer(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        peer.send(new DatagramPacket(bytes, bytes.length, local()));
    }

    private String toPeer() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[128], 128);
        peer.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer data) {
        return StandardCharsets.UTF_8.decode(data).toString();
    }

    @Test
    void recvmmsgFillsOneSlotPerDatagramWithItsSender() throws IOException {
        fromPeer("one");
        fromPeer("");
        fromPeer("three");

        assertEquals(3, socket.receive(received, 8));

        assertEquals("one", text(received.received(0)));
        assertEquals(0, received.received(1).remaining(), "an empty datagram is an empty slot");
        assertEquals("three", text(received.received(2)));
        assertEquals(peer.getLocalSocketAddress(), received.sender(2, codec));
        assertFalse(received.truncated(0));
        assertEquals(0, socket.receive(received, 8), "nothing more: EAGAIN is 0");
    }

    @Test
    void sameSenderDecodesToTheSameObject() throws IOException {
        fromPeer("a");
        fromPeer("b");

        socket.receive(received, 8);

        assertSame(received.sender(0, codec), received.sender(1, codec), "no address allocated per datagram");
    }

    @Test
    void manySendersEachDecodeToTheirOwnCachedObject() throws IOException {
        java.net.DatagramSocket[] senders = new java.net.DatagramSocket[32];
        SocketAddress[] first = new SocketAddress[senders.length];
        MessageVector one = MessageVector.forReceive(1, 8);
        try {
            for (int i = 0; i < senders.length; i++) {
                senders[i] = new java.net.DatagramSocket(0, LOOPBACK);
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < senders.length; i++) {
                    senders[i].send(new DatagramPacket(new byte[1], 1, local()));
                    assertEquals(1, socket.receive(one, 1));
                    SocketAddress from = one.sender(0, codec);
                    assertEquals(senders[i].getLocalSocketAddress(), from);
                    if (round == 0) {
                        first[i] = from;
                    } else {
                        assertSame(first[i], from, "sender " + i + " decoded again without allocating");
                    }
                }
            }
        } finally {
            for (java.net.DatagramSocket sender : senders) {
                if (sender != null) {
                    sender.close();
                }
            }
            one.free();
        }
    }

    @Test
    void longerDatagramIsMarkedTruncated() throws IOException {
        fromPeer("x".repeat(65));
        fromPeer("y".repeat(64));

        assertEquals(2, socket.receive(received, 8));

        assertTrue(received.truncated(0), "MSG_TRUNC in msg_flags");
        assertEquals(64, received.received(0).remaining());
        assertFalse(received.truncated(1), "exactly the slot's size is whole");
    }

    @Test
    void sendmmsgSendsEachSlotToItsAddressInOrder() throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(6).put("direct".getBytes(StandardCharsets.UTF_8)).flip();
        ByteBuffer heap = ByteBuffer.wrap("heap".getBytes(StandardCharsets.UTF_8));
        sending.put(0, direct, peer.getLocalSocketAddress(), 0, codec);
        sending.put(1, heap, peer.getLocalSocketAddress(), 0, codec);

        assertEquals(2, socket.send(sending, 2));

        assertEquals("direct", toPeer());
        assertEquals("heap", toPeer());
    }

    @Test
    void singleSendReachesThePeerAndAdvancesTheBuffer() throws IOException {
        ByteBuffer data = ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8));

        assertTrue(socket.send(data, peer.getLocalSocketAddress(), codec, sending));

        assertEquals(0, data.remaining());
        assertEquals("hi", toPeer());
    }

    @Test
    void tooLargeDatagramIsRefusedAsSuch() {
        ByteBuffer data = ByteBuffer.allocateDirect(70_000);
        assertThrows(DatagramTooLargeException.class,
                () -> socket.send(data, peer.getLocalSocketAddress(), codec, sending));
    }

    @Test
    void connectedSocketHearsPortUnreachable() throws Exception {
        int dead;
        try (java.net.DatagramSocket gone = new java.net.DatagramSocket(0, LOOPBACK)) {
            dead = gone.getLocalPort();
        }
        socket.connect(new InetSocketAddress(LOOPBACK, dead), buffer);
        socket.send(ByteBuffer.wrap(new byte[1]), null, codec, sending);

        // The ICMP comes back on loopback before the send returns; the next receive reports it.
        assertThrows(PortUnreachableException.class, () -> socket.receive(received, 8));
    }

    @Test
    void unixDatagramsCarryTheSenderPath(@TempDir Path dir) throws IOException {
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("a"));
        UnixDomainSocketAddress b = UnixDomainSocketAddress.of(dir.resolve("b"));
        DatagramSocket one = DatagramSocket.bindUnix(a, buffer);
        DatagramSocket two = DatagramSocket.bindUnix(b, buffer);
        try {
            assertEquals(a, one.localAddress(buffer));
            assertTrue(one.send(ByteBuffer.wrap("ping".getBytes(StandardCharsets.UTF_8)), b, codec, sending));

            assertEquals(1, two.receive(received, 8));
            assertEquals("ping", text(received.received(0)));
            assertEquals(a, received.sender(0, codec));
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void multicastStructsAreTakenByTheKernel() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
        InetAddress group = InetAddress.getByName("224.3.29.71");

        // An explicit interface index needs no route. A wrong ip_mreqn or group_source_req layout
        // is refused (EINVAL, ENODEV); leaving what was never joined is refused (EADDRNOTAVAIL).
        socket.membership(true, group, lo, null, buffer);
        socket.membership(false, group, lo, null, buffer);
        assertThrows(NativeIoException.class, () -> socket.membership(false, group, lo, null, buffer));

        InetAddress ssm = InetAddress.getByName("232.3.29.71");
        socket.membership(true, ssm, lo, LOOPBACK, buffer);
        socket.membership(false, ssm, lo, LOOPBACK, buffer);
        assertThrows(NativeIoException.class, () -> socket.membership(false, ssm, lo, LOOPBACK, buffer));

        socket.setMulticastTtl(7, buffer);
        assertEquals(7, socket.multicastTtl(buffer));
        socket.setMulticastLoop(false, buffer);
        assertFalse(socket.multicastLoop(buffer));
        socket.setMulticastInterface(lo, buffer);
        socket.setBroadcast(true, buffer);
        assertTrue(socket.broadcast(buffer));
    }

    @Test
    void ipv6MembershipStructIsTakenByTheKernel() throws Exception {
        DatagramSocket six;
        try {
            six = DatagramSocket.bindUdp(new InetSocketAddress(InetAddress.getByName("::1"), 0), false, buffer);
        } catch (NativeIoException noIpv6) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + noIpv6.getMessage());
            return;
        }
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
            InetAddress group = InetAddress.getByName("ff02::1:3");
            six.membership(true, group, lo, null, buffer);
            six.membership(false, group, lo, null, buffer);
            assertThrows(NativeIoException.class, () -> six.membership(false, group, lo, null, buffer));
            six.setMulticastTtl(3, buffer);
            assertEquals(3, six.multicastTtl(buffer));
        } finally {
            six.close();
        }
    }
}
