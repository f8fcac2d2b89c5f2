package io.torsion.select;

import io.torsion.spi.ClassPreloader;
import io.torsion.spi.EventLoop;
import io.torsion.spi.StreamHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable reactor: a {@link Selector} waits, and each ready key's {@link SelectRegistration}
 * reports to its handler (a connection or a listener). Level-triggered: one read per readiness per
 * connection.
 */
final class SelectReactor extends EventLoop {

    private static final Logger log = LoggerFactory.getLogger(SelectReactor.class);

    private final Selector selector;
    private final Consumer<SelectionKey> dispatch = SelectReactor::dispatch;
    private final Consumer<SelectionKey> ignore = key -> { };
    private boolean dispatching;
    private boolean releasePending;

    static {
        ClassPreloader.preload(SelectReactor.class, "io.torsion.select");
    }

    SelectReactor() {
        super("select");
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a java.nio Selector", e);
        }
        supportStream(InetSocketAddress.class, new SelectTcp(this));
        supportStream(UnixDomainSocketAddress.class, new SelectUnix(this));
        supportUdp((address, reuse, maxPacketSize) -> SelectDatagram.open(this, address, reuse, maxPacketSize));
        // java.nio (JDK 17 and later) has Unix-domain stream channels only.
        supportUnixDatagram((path, reuse, maxPacketSize) -> {
            throw new UnsupportedOperationException("the select backend cannot open Unix datagram sockets:"
                    + " java.nio has no Unix-domain DatagramChannel; use the epoll backend");
        });
    }

    @Override
    protected void poll(long timeoutNanos) throws IOException {
        dispatching = true;
        try {
            select(timeoutNanos);
        } finally {
            dispatching = false;
        }
        if (releasePending) {
            releaseCancelledKeys();
        }
    }

    /**
     * Makes the selector forget cancelled keys now. java.nio closes a registered channel's socket
     * only when its key leaves the selector, at the next select; a listener must free its port as
     * soon as {@code stopListening} returns. Readiness dropped here is reported again by the next
     * select: the selector is level-triggered.
     */
    void releaseCancelledKeys() {
        if (dispatching) {
            releasePending = true;
            return;
        }
        releasePending = false;
        try {
            selector.selectNow(ignore);
        } catch (IOException e) {
            log.debug("releasing cancelled keys failed", e);
        }
    }

    private void select(long timeoutNanos) throws IOException {
        if (timeoutNanos == 0) {
            selector.selectNow(dispatch);
        } else if (timeoutNanos < 0) {
            selector.select(dispatch);
        } else {
            // Round up: select(0) would mean "forever", and waking early only costs a turn.
            selector.select(dispatch, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        }
    }

    @Override
    protected void wakeup() {
        selector.wakeup();
    }

    @Override
    protected StreamHandle[] openSocketPair() throws IOException {
        return SelectSocketPair.open(this);
    }

    @Override
    protected void closeBackend() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException e) {
                log.debug("closing {} at shutdown failed", key.channel(), e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            log.warn("closing the selector failed", e);
        }
    }

    Selector selector() {
        return selector;
    }

    private static void dispatch(SelectionKey key) {
        // A callback earlier in this round may have closed this key's connection, listener or
        // connect attempt; the selector still hands the key over, and readyOps() would throw.
        if (key.isValid()) {
            ((SelectRegistration) key.attachment()).ready(key.readyOps());
        }
    }
}
