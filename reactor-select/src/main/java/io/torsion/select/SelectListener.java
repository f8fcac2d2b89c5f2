package io.torsion.select;

import io.torsion.api.Factory;
import io.torsion.spi.PortListener;
import io.torsion.spi.StreamTransport;
import io.torsion.spi.TooManyOpenFiles;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A listening {@link ServerSocketChannel}: the raw calls under the shared listener logic. */
final class SelectListener extends PortListener {

    private static final Logger log = LoggerFactory.getLogger(SelectListener.class);

    private final SelectReactor reactor;
    private final ServerSocketChannel channel;
    private SelectionKey key;

    SelectListener(SelectReactor reactor, ServerSocketChannel channel, Factory factory) throws IOException {
        super(reactor, (InetSocketAddress) channel.getLocalAddress(), factory);
        this.reactor = reactor;
        this.channel = channel;
    }

    @Override
    protected StreamTransport accept() throws IOException {
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
            return SelectTransport.accepted(reactor, accepted);
        } catch (IOException | RuntimeException e) {
            accepted.close();
            throw e;
        }
    }

    @Override
    protected void acceptInterest(boolean enabled) {
        try {
            key = reactor.register(key, channel, enabled ? SelectionKey.OP_ACCEPT : 0, this);
        } catch (IOException e) {
            log.error("{}: cannot register the listening socket", address(), e);
        }
    }

    @Override
    protected void closeSocket() {
        reactor.close(key, channel, address());
        reactor.releaseCancelledKeys();
    }
}
