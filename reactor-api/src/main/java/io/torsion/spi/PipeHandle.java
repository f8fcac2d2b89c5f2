package io.torsion.spi;

import java.net.SocketAddress;
import java.net.SocketOption;

/**
 * A stream handle that is one end of a pipe, and its own registrar: it never connects, has no
 * socket options, shows one address for both ends, and is of kind {@link StreamKinds#PIPE}. What a
 * pipe does not do is said once here; an implementation supplies the reads, writes and readiness.
 */
public interface PipeHandle extends StreamHandle, Registrar {

    /** What the pipe shows as its address (both ends). */
    SocketAddress address();

    @Override
    default SocketAddress localAddress() {
        return address();
    }

    @Override
    default SocketAddress remoteAddress() {
        return address();
    }

    @Override
    default boolean finishConnect() {
        return true;
    }

    @Override
    default void watchConnect() {
        throw new UnsupportedOperationException("a pipe does not connect");
    }

    @Override
    default <T> void setOption(SocketOption<T> option, T value) {
        throw new UnsupportedOperationException("a pipe has no socket options");
    }

    @Override
    default StreamKind kind() {
        return StreamKinds.PIPE;
    }
}
