package io.torsion.epoll.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SocketCallBufferTest {

    private final SocketCallBuffer buffer = SocketCallBuffer.allocate();

    @AfterEach
    void free() {
        buffer.free();
    }

    private byte[] raw(int length) {
        byte[] bytes = new byte[length];
        Pointer.wrap(Native.get().runtime(), buffer.addressPointer()).get(0, bytes, 0, length);
        return bytes;
    }

    @Test
    void ipv4AddressIsLaidOutAsSockaddrIn() throws Exception {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.1.2.3"), 0x1F90);

        assertEquals(16, buffer.putAddress(address));

        byte[] bytes = raw(16);
        assertEquals(2, (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8, "AF_INET, host (little-endian) order");
        assertEquals(0x1F, bytes[2] & 0xFF, "port high byte first: network order");
        assertEquals(0x90, bytes[3] & 0xFF);
        assertArrayEquals(new byte[] {127, 1, 2, 3}, java.util.Arrays.copyOfRange(bytes, 4, 8));
        assertArrayEquals(new byte[8], java.util.Arrays.copyOfRange(bytes, 8, 16), "sin_zero");
        assertEquals(address, buffer.getAddress());
    }

    @Test
    void ipv6AddressIsLaidOutAsSockaddrIn6() throws Exception {
        InetAddress ip = InetAddress.getByName("2001:db8::1");
        InetSocketAddress address = new InetSocketAddress(ip, 65535);

        assertEquals(28, buffer.putAddress(address));

        byte[] bytes = raw(28);
        assertEquals(10, (bytes[0] & 0xFF) | (bytes[1] & 0xFF) << 8, "AF_INET6");
        assertEquals(0xFF, bytes[2] & 0xFF);
        assertEquals(0xFF, bytes[3] & 0xFF);
        assertArrayEquals(new byte[4], java.util.Arrays.copyOfRange(bytes, 4, 8), "flowinfo");
        assertArrayEquals(ip.getAddress(), java.util.Arrays.copyOfRange(bytes, 8, 24));
        assertEquals(address, buffer.getAddress());
    }

    @Test
    void scopedLinkLocalAddressKeepsItsScopeId() throws Exception {
        Inet6Address ip = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);

        buffer.putAddress(new InetSocketAddress(ip, 80));

        InetSocketAddress back = buffer.getAddress();
        assertEquals(3, ((Inet6Address) back.getAddress()).getScopeId());
        assertEquals(80, back.getPort());
    }

    @Test
    void ipv4MappedAddressParsesAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 0, 0, 7};
        Pointer p = Pointer.wrap(Native.get().runtime(), buffer.addressPointer());
        p.putShort(0, (short) 10);
        p.putByte(2, (byte) 0x12);
        p.putByte(3, (byte) 0x34);
        p.put(8, mapped, 0, 16);
        p.putInt(24, 0);

        assertEquals(new InetSocketAddress(InetAddress.getByName("10.0.0.7"), 0x1234), buffer.getAddress());
    }

    @Test
    void unresolvedAddressIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> buffer.putAddress(InetSocketAddress.createUnresolved("example.invalid", 1)));
    }
}
