package io.torsion.epoll.nativeio;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * What one call costs through jnr-ffi compared with java.nio: a read on an empty non-blocking
 * socket (EAGAIN), so the system call is the smallest there is and the binding overhead shows.
 * Run by hand: {@code java -cp <test classpath> io.torsion.epoll.nativeio.ReadCallCost}.
 */
public final class ReadCallCost {

    private static final int CALLS = 2_000_000;

    private ReadCallCost() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(loopback);
                SocketChannel client = SocketChannel.open(server.getLocalAddress());
                SocketChannel nio = server.accept();
                Loopback loop = new Loopback()) {
            nio.configureBlocking(false);
            NativeSocket[] pair = loop.pair(loop.listener());
            long address = com.kenai.jffi.MemoryIO.getInstance().getDirectBufferAddress(buffer);
            LibC libc = Native.get().libc();
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    buffer.clear();
                    nio.read(buffer);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    libc.read(pair[1].intValue(), address, buffer.capacity());
                }
                long t2 = System.nanoTime();
                for (int i = 0; i < CALLS; i++) {
                    buffer.clear();
                    pair[1].read(buffer);
                }
                long t3 = System.nanoTime();
                System.out.printf("read -> EAGAIN: java.nio %.0f ns, LibC.read %.0f ns, NativeSocket.read %.0f ns%n",
                        (t1 - t0) / (double) CALLS, (t2 - t1) / (double) CALLS, (t3 - t2) / (double) CALLS);
            }
        }
    }
}
