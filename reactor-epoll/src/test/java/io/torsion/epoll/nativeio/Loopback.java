package io.torsion.epoll.nativeio;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Real loopback sockets for native-layer tests, with an epoll to wait on; closes all it made. */
final class Loopback implements AutoCloseable {

    static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    final SocketCallBuffer buffer = SocketCallBuffer.allocate();
    final NativeMemory memory = NativeMemory.allocate(64 * 1024);
    private final Epoll epoll;
    private final EpollEventArray events = new EpollEventArray(16);
    private final List<Fd> opened = new ArrayList<>();

    Loopback() throws IOException {
        epoll = Epoll.create();
    }

    NativeSocket listener(InetSocketAddress address) throws IOException {
        NativeSocket listener = track(NativeSocket.open(address));
        listener.bindAndListen(address, 16, buffer);
        return listener;
    }

    NativeSocket listener() throws IOException {
        return listener(ANY_PORT);
    }

    <T extends Fd> T track(T fd) {
        opened.add(fd);
        return fd;
    }

    /** A connected pair: [client, server side]. */
    NativeSocket[] pair(NativeSocket listener) throws IOException {
        InetSocketAddress address = listener.localAddress(buffer);
        NativeSocket client = track(NativeSocket.open(address));
        if (!client.connect(address, buffer)) {
            awaitEvents(client, EpollFlags.EPOLLOUT);
            assertTrue(client.finishConnect(address, buffer));
        }
        awaitEvents(listener, EpollFlags.EPOLLIN);
        NativeSocket server = listener.accept(buffer);
        assertNotNull(server, "a connection was pending");
        return new NativeSocket[] {client, track(server)};
    }

    /** Waits until {@code fd} reports something for {@code interest}; returns the events bits. */
    int awaitEvents(Fd fd, int interest) throws IOException {
        long tag = RegistrationTag.of(fd.intValue(), 1);
        assertTrue(epoll.add(fd.intValue(), interest, tag));
        try {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline) {
                int n = epoll.wait(events, 100);
                for (int i = 0; i < n; i++) {
                    if (events.data(i) == tag) {
                        return events.events(i);
                    }
                }
            }
            return fail("no event for " + fd + " within 5 s");
        } finally {
            epoll.delete(fd.intValue());
        }
    }

    /** Sends {@code text} from native memory; asserts the kernel took all of it. */
    void send(NativeSocket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        memory.pointer().put(0, bytes, 0, bytes.length);
        assertTrue(socket.send(memory.address(), bytes.length) == bytes.length);
    }

    /** Reads until {@code length} bytes arrived (waiting for readiness between reads). */
    String receive(NativeSocket socket, int length) throws IOException {
        int got = 0;
        while (got < length) {
            int n = socket.read(memory.address() + got, length - got);
            if (n == NativeSocket.WOULD_BLOCK) {
                awaitEvents(socket, EpollFlags.EPOLLIN);
            } else if (n == 0) {
                fail("end of stream after " + got + " of " + length + " bytes");
            } else {
                got += n;
            }
        }
        byte[] bytes = new byte[length];
        memory.pointer().get(0, bytes, 0, length);
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        opened.forEach(Fd::close);
        epoll.close();
        events.free();
        memory.free();
        buffer.free();
    }
}
