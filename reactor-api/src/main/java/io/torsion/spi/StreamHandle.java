package io.torsion.spi;

import io.torsion.api.PeerCredentials;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A backend's connected (or connecting) stream: the raw calls under {@link StreamConnection}.
 * Results that are states of the kernel come back as values (0: nothing ready or no room; -1: end of
 * stream); a peer that is gone or any other failure throws.
 */
public interface StreamHandle extends Handle {

    /** Reads into {@code dst} from its position: bytes read, 0 when nothing is ready, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}, advancing its position; bytes written, 0 when the kernel is full. */
    int write(ByteBuffer src) throws IOException;

    /** Gathering write; advances the buffers; bytes written, 0 when the kernel is full. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /**
     * Sends up to {@code count} bytes of {@code file} from {@code position}: bytes sent, 0 when the
     * kernel is full, -1 when the file ends at {@code position}. A backend that can sends from the file
     * to the socket directly; this default reads through {@code scratch}, a direct buffer the caller
     * owns, and what the kernel did not take is read again next time.
     */
    default long sendFile(FileChannel file, long position, long count, ByteBuffer scratch) throws IOException {
        scratch.clear().limit((int) Math.min(count, scratch.capacity()));
        if (file.read(scratch, position) < 0) {
            return -1;
        }
        return write(scratch.flip());
    }

    /** Shuts down the sending side; the peer reads end of stream. */
    void shutdownOutput() throws IOException;

    /**
     * Completes a non-blocking connect: true when connected (the addresses are known from now on),
     * false while still under way; throws when it failed.
     */
    boolean finishConnect() throws IOException;

    /** The local address, of this handle's kind. */
    SocketAddress localAddress();

    /** The remote address (while connecting: the destination). */
    SocketAddress remoteAddress();

    /** Sets a socket option, named as the JDK names it ({@code StandardSocketOptions.TCP_NODELAY}). */
    <T> void setOption(SocketOption<T> option, T value) throws IOException;

    /** The other end's credentials; only Unix domain sockets have them. */
    default PeerCredentials peerCredentials() throws IOException {
        throw new UnsupportedOperationException("only a Unix domain socket has peer credentials");
    }

    /** What the protocol sees this stream as (TCP, Unix, a pipe). */
    StreamKind kind();

    /**
     * The same socket as a handle of {@code target}, another loop of this backend in a group, which
     * owns it from then on; this handle is not used again. Called on {@code target}'s thread, before
     * the handle was registered anywhere.
     *
     * @throws UnsupportedOperationException when this kind of handle cannot change loops
     */
    default StreamHandle moveTo(EventLoop target) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot move to another loop");
    }
}
