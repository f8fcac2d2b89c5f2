package io.torsion.epoll.nativeio;

/**
 * The peer is gone: a read saw ECONNRESET, or a send saw ECONNRESET or EPIPE (the peer closed and
 * our data met its RST). The connection is lost, not merely done.
 */
public final class PeerResetException extends NativeIoException {

    private static final long serialVersionUID = 1L;

    PeerResetException(String call, int errno) {
        super(call, errno);
    }
}
