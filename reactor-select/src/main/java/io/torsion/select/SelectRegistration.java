package io.torsion.select;

import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One channel's selection key and the handler its readiness goes to. The selector hands every
 * ready key's registration {@link #ready}; it never looks at what the channel is. A key cancelled
 * earlier in the same round (a connection closed by another's callback) is skipped quietly.
 */
final class SelectRegistration implements Registrar {

    private final SelectReactor reactor;
    private final SelectableChannel channel;
    private final ReadinessHandler handler;
    /** What "readable" is for this channel: OP_READ, or OP_ACCEPT for a listening socket. */
    private final int readOp;
    /** Reads per readiness: one for a stream (fair between connections), a batch of datagrams. */
    private final int readBudget;
    private SelectionKey key;
    private int ops = -1;

    SelectRegistration(SelectReactor reactor, SelectableChannel channel, ReadinessHandler handler, int readOp) {
        this(reactor, channel, handler, readOp, 1);
    }

    SelectRegistration(SelectReactor reactor, SelectableChannel channel, ReadinessHandler handler, int readOp,
            int readBudget) {
        this.reactor = reactor;
        this.channel = channel;
        this.handler = handler;
        this.readOp = readOp;
        this.readBudget = readBudget;
    }

    /** The selector found this key ready for {@code readyOps}. */
    void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
            handler.onWritable();
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            handler.onWritable();
        }
        if ((readyOps & readOp) != 0 && key.isValid()) {
            handler.onReadable(readBudget); // level-triggered: what is left is reported again
        }
    }

    @Override
    public void watch(boolean read, boolean write) {
        interest((read ? readOp : 0) | (write ? SelectionKey.OP_WRITE : 0));
    }

    @Override
    public void watchConnect() {
        interest(SelectionKey.OP_CONNECT);
    }

    @Override
    public void readNow() {
        handler.onReadable(readBudget);
    }

    @Override
    public void cancel() {
        if (key != null) {
            key.cancel();
        }
    }

    private void interest(int wanted) {
        if (wanted == ops) {
            return;
        }
        try {
            if (key == null) {
                key = channel.register(reactor.selector(), wanted, this);
            } else {
                key.interestOps(wanted);
            }
            ops = wanted;
        } catch (IOException e) {
            handler.onError(e);
        } catch (IllegalStateException e) { // a cancelled key, a closed selector
            handler.onError(new IOException("cannot register with the selector", e));
        }
    }
}
