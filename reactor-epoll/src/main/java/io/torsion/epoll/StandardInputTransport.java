package io.torsion.epoll;

import io.torsion.api.Protocol;
import io.torsion.epoll.nativeio.EpollFlags;
import io.torsion.epoll.nativeio.StandardStreams;
import io.torsion.spi.StreamTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standard input as one more stream of the epoll reactor, when epoll can watch it (a pipe, a
 * terminal, a socket). Writes go to standard output. The shared transport logic gives it pausing,
 * end of input and closing exactly once; closing stops watching fd 0 but never closes it.
 *
 * <p>Always level-triggered and one read per report, whatever the reactor's mode: the descriptor is
 * blocking (see {@link StandardStreams}), so a read is only safe right after epoll said "readable".
 * For the same reason a resume does not read at once; re-registering makes epoll report data that
 * is already waiting.
 */
final class StandardInputTransport extends StreamTransport implements EpollHandler {

    private static final Logger log = LoggerFactory.getLogger(StandardInputTransport.class);
    private static final InetSocketAddress ADDRESS = InetSocketAddress.createUnresolved("stdio", 0);

    private final StandardStreams streams = new StandardStreams();
    private final EpollRegistration registration;

    private StandardInputTransport(EpollReactor reactor) {
        super(reactor, ADDRESS, ADDRESS, false);
        this.registration = reactor.newRegistration(streams.stdinFd(), this);
    }

    /**
     * Starts {@code protocol} on standard input if epoll can watch it. Returns false, having changed
     * nothing, when it cannot (a regular file or /dev/null: EPERM; a closed fd 0): then the caller
     * falls back to reading on a helper thread.
     */
    static boolean attach(EpollReactor reactor, Protocol protocol) {
        StandardInputTransport transport = new StandardInputTransport(reactor);
        boolean watched;
        try {
            watched = transport.registration.watch(EpollFlags.EPOLLIN);
        } catch (IOException e) {
            log.debug("epoll cannot watch standard input", e);
            watched = false;
        }
        if (!watched) {
            transport.streams.free();
            return false;
        }
        transport.start(protocol, null);
        return true;
    }

    @Override
    public void onEvents(int events) {
        onReadable(1);
    }

    @Override
    protected void readNow() {
        // Blocking fd: wait for epoll to report it readable again (level-triggered, so it will).
    }

    @Override
    protected int readFromSocket(ByteBuffer dst) throws IOException {
        int n = streams.read(dst);
        return n == 0 ? -1 : n;
    }

    @Override
    protected int writeToSocket(ByteBuffer src) throws IOException {
        return streams.write(src);
    }

    @Override
    protected long writeToSocket(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += streams.write(srcs[i]);
        }
        return total;
    }

    @Override
    protected void shutdownSocketOutput() {
        // Standard output stays open: it belongs to the process, and log output may still go there.
    }

    @Override
    protected boolean finishConnect() {
        return true;
    }

    @Override
    protected void closeSocket() {
        try {
            registration.watch(0);
        } catch (IOException e) {
            log.debug("could not stop watching standard input", e);
        }
        streams.free();
    }

    @Override
    protected void interestChanged(boolean read, boolean write) {
        try {
            registration.watch(read ? EpollFlags.EPOLLIN : 0);
        } catch (IOException e) {
            onError(e);
        }
    }

    @Override
    protected void applyTcpNoDelay(boolean enabled) {
    }

    @Override
    protected void applyKeepAlive(boolean enabled) {
    }
}
