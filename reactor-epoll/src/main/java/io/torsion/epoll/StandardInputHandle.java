package io.torsion.epoll;

import io.torsion.api.Protocol;
import io.torsion.epoll.nativeio.EpollFlags;
import io.torsion.epoll.nativeio.StandardStreams;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKind;
import io.torsion.spi.StreamKinds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standard input as one more stream of the epoll reactor, when epoll can watch it (a pipe, a
 * terminal, a socket). Writes go to standard output. The shared connection gives it pausing, end of
 * input and closing exactly once; closing stops watching fd 0 but never closes it.
 *
 * <p>Always level-triggered and one read per report, whatever the reactor's mode: the descriptor is
 * blocking (see {@link StandardStreams}), so a read is only safe right after epoll said "readable".
 * For the same reason a resume does not read at once; re-registering makes epoll report data that
 * is already waiting.
 */
final class StandardInputHandle implements StreamHandle, Registrar, EpollHandler {

    private static final Logger log = LoggerFactory.getLogger(StandardInputHandle.class);
    private static final InetSocketAddress ADDRESS = InetSocketAddress.createUnresolved("stdio", 0);

    private final StandardStreams streams = new StandardStreams();
    private final EpollRegistration registration;
    private ReadinessHandler handler;

    private StandardInputHandle(EpollReactor reactor) {
        this.registration = reactor.newRegistration(streams.stdinFd(), this);
    }

    /**
     * Adopts standard input as a connection with {@code protocol} if epoll can watch it. Returns
     * false, having changed nothing, when it cannot (a regular file or /dev/null: EPERM; a closed
     * fd 0): then the caller falls back to reading on a helper thread.
     */
    static boolean attach(EpollReactor reactor, Protocol protocol) {
        StandardInputHandle handle = new StandardInputHandle(reactor);
        boolean watched;
        try {
            watched = handle.registration.watch(EpollFlags.EPOLLIN);
        } catch (IOException e) {
            log.debug("epoll cannot watch standard input", e);
            watched = false;
        }
        if (!watched) {
            handle.streams.free();
            return false;
        }
        reactor.adopt(handle, protocol);
        return true;
    }

    @Override
    public void onEvents(int events) {
        handler.onReadable(1);
    }

    @Override
    public Registrar register(ReadinessHandler readiness) {
        this.handler = readiness;
        return this;
    }

    @Override
    public void watch(boolean read, boolean write) {
        try {
            registration.watch(read ? EpollFlags.EPOLLIN : 0);
        } catch (IOException e) {
            handler.onError(e);
        }
    }

    @Override
    public void watchConnect() {
        throw new UnsupportedOperationException("standard input does not connect");
    }

    @Override
    public void readNow() {
        // Blocking fd: wait for epoll to report it readable again (level-triggered, so it will).
    }

    @Override
    public void cancel() {
        try {
            registration.watch(0);
        } catch (IOException e) {
            log.debug("could not stop watching standard input", e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = streams.read(dst);
        return n == 0 ? -1 : n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return streams.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += streams.write(srcs[i]);
        }
        return total;
    }

    @Override
    public void shutdownOutput() {
        // Standard output stays open: it belongs to the process, and log output may still go there.
    }

    @Override
    public boolean finishConnect() {
        return true;
    }

    @Override
    public SocketAddress localAddress() {
        return ADDRESS;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ADDRESS;
    }

    @Override
    public <T> void setOption(SocketOption<T> option, T value) {
        throw new UnsupportedOperationException("standard input has no socket options");
    }

    @Override
    public StreamKind kind() {
        return StreamKinds.PIPE;
    }

    @Override
    public void close() {
        streams.free();
    }
}
