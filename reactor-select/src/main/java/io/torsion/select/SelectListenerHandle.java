package io.torsion.select;

import io.torsion.spi.ListenerHandle;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKind;
import io.torsion.spi.TooManyOpenFiles;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening {@link ServerSocketChannel} of any family; what closing it leaves behind is {@code onClose}'s. */
final class SelectListenerHandle implements ListenerHandle {

    private static final Logger log = LoggerFactory.getLogger(SelectListenerHandle.class);

    private final SelectReactor reactor;
    private final ServerSocketChannel channel;
    private final StreamKind kind;
    private final SocketAddress address;
    private final Runnable onClose;

    SelectListenerHandle(SelectReactor reactor, ServerSocketChannel channel, StreamKind kind, Runnable onClose)
            throws IOException {
        this.reactor = reactor;
        this.channel = channel;
        this.kind = kind;
        this.address = channel.getLocalAddress();
        this.onClose = onClose;
    }

    @Override
    public Registrar register(ReadinessHandler handler) {
        return new SelectRegistration(reactor, channel, handler, SelectionKey.OP_ACCEPT);
    }

    @Override
    public StreamHandle accept() throws IOException {
        SocketChannel accepted;
        try {
            accepted = channel.accept();
        } catch (IOException e) {
            // The JDK reports EMFILE and ENFILE only through the message text.
            String message = e.getMessage();
            if (message != null && message.contains("Too many open files")) {
                throw TooManyOpenFiles.INSTANCE;
            }
            throw e;
        }
        if (accepted == null) {
            return null;
        }
        try {
            return SelectStream.accepted(reactor, accepted, kind);
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    @Override
    public SocketAddress localAddress() {
        return address;
    }

    /**
     * Closes the channel and makes the selector forget its key now, so the port (or socket file) is
     * free as soon as {@code stopListening} returns.
     */
    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}: close failed", address, e);
        }
        reactor.releaseCancelledKeys();
        onClose.run();
    }
}
