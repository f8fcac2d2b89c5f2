package io.torsion.epoll;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLERR;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLHUP;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLOUT;

import io.torsion.epoll.nativeio.NativePipe;
import io.torsion.spi.PipeHandle;
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
final class EpollPipe extends EpollStreamEnd implements PipeHandle {

    private final NativePipe pipe;
    private final boolean readEnd;
    private final SocketAddress address;

    /** The reactor's end {@code pipe} (non-blocking), which this owns from now on. */
    EpollPipe(EpollReactor reactor, NativePipe pipe, boolean readEnd, SocketAddress address) {
        super(reactor, pipe);
        this.pipe = pipe;
        this.readEnd = readEnd;
        this.address = address;
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

    // ---- Registrar -----------------------------------------------------------------------------

    @Override
    public void watch(boolean read, boolean write) {
        watchEvents(readEnd ? (read ? EPOLLIN : 0) : (write ? EPOLLOUT : 0) | (read ? EPOLLERR : 0));
    }

    @Override
    public void readNow() {
        if (readEnd) {
            reader.read();
        }
    }

    // ---- raw calls -----------------------------------------------------------------------------

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return readEnd ? readCount(pipe.read(dst, reactor.ioVector())) : 0;
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
    public SocketAddress address() {
        return address;
    }

    @Override
    public String toString() {
        return "EpollPipe[" + pipe + ", " + address + "]";
    }
}
