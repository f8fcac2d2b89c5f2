package io.torsion.apps;

import io.torsion.api.Factory;
import io.torsion.api.LineReceiver;
import io.torsion.api.Protocol;
import java.net.SocketAddress;
import java.util.Locale;

/** A user's factory as {@code torsion run --factory} meets it: public, with a no-argument constructor. */
public final class ShoutFactory implements Factory {

    private final String suffix;

    public ShoutFactory() {
        this("");
    }

    ShoutFactory(String suffix) {
        this.suffix = suffix;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        LineReceiver shout = new LineReceiver() {
            @Override
            protected void lineReceived(String line) {
                sendLine(line.toUpperCase(Locale.ROOT) + suffix);
            }
        };
        shout.setAcceptBareNewline(true);
        return shout;
    }
}
