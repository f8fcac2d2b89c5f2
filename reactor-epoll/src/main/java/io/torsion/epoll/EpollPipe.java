package io.torsion.epoll;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLERR;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLHUP;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLOUT;

import io.torsion.epoll.nativeio.NativePipe;
import io.torsion.spi.PipeHandle;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The reactor's end of one pipe to a child: the read end of its stdout or stderr, or the write end
 * of its stdin, watched by epoll in the reactor's trigger mode.
 *
 * <p>A read end learns of the writer closing from EPOLLHUP, which comes with the last data; its
 * reads follow the trigger mode through an {@link EdgeTriggeredReader}, as a socket's do. A write end asked to
 * "read" watches EPOLLERR alone, which the kernel raises when the child closes its stdin (or dies):
 * the stream then ends, as in Twisted, without waiting for a write to fail.
 */
final class EpollPipe implements PipeHandle, EpollHandler {

    private final EpollReactor reactor;
    private final NativePipe pipe;
    private final boolean readEnd;
    private final SocketAddress address;
    private final EpollRegistration registration;
    private ReadinessHandler handler;
    private final EdgeTriggeredReader reader;

    /** The reactor's end {@code pipe} (non-blocking), which this owns from now on. */
    EpollPipe(EpollReactor reactor, NativePipe pipe, boolean readEnd, SocketAddress address) {
        this.reactor = reactor;
        this.pipe = pipe;
        this.readEnd = readEnd;
        this.address = address;
        this.registration = reactor.newRegistration(pipe.intValue(), this);
        this.reader = new EdgeTriggeredReader(reactor, this);
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void onEvents(int events) {
        if (!readEnd) {
            if ((events & EPOLLERR) != 0) {
                handler.onError(new IOException(address + " was closed by the child (EPOLLERR)"));
            } else if ((events & EPOLLOUT) != 0) {
                handler.onWritable();
            }
            return;
        }
        if ((events & (EPOLLHUP | EPOLLERR)) != 0) {
            reader.hangUpSeen();
        }
        reader.read();
    }

    @Override
    public boolean continueReady() {
        return reader.continueReady();
    }

    @Override
    public void release() {
        if (pipe.isOpen()) {
            registration.forgetBeforeClose();
            pipe.close();
        }
    }

    // ---- Registrar -----------------------------------------------------------------------------

    @Override
    public Registrar register(ReadinessHandler readiness) {
        this.handler = readiness;
        reader.reportTo(readiness);
        return this;
    }

    @Override
    public void watch(boolean read, boolean write) {
        int events = readEnd ? (read ? EPOLLIN : 0) : (write ? EPOLLOUT : 0) | (read ? EPOLLERR : 0);
        try {
            registration.watch(events == 0 ? 0 : events | reactor.mode().epollFlags());
        } catch (IOException e) {
            handler.onError(e);
        }
    }

    @Override
    public void readNow() {
        if (readEnd) {
            reader.read();
        }
    }

    @Override
    public void cancel() {
        registration.forgetBeforeClose();
    }

    // ---- raw calls -----------------------------------------------------------------------------

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!readEnd) {
            return 0;
        }
        int n = pipe.read(dst, reactor.ioVector());
        if (n == NativePipe.WOULD_BLOCK) {
            return 0;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return Math.max(0, pipe.write(src, reactor.ioVector()));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return Math.max(0, pipe.write(srcs, offset, length, reactor.ioVector()));
    }

    @Override
    public void shutdownOutput() throws IOException {
        // A pipe has no half-close: end of input is closing it, which closeStdin does.
        throw new IOException(address + " cannot be half-closed; close it");
    }

    @Override
    public void close() {
        pipe.close();
    }

    @Override
    public SocketAddress address() {
        return address;
    }

    @Override
    public String toString() {
        return "EpollPipe[" + pipe + ", " + address + "]";
    }
}
