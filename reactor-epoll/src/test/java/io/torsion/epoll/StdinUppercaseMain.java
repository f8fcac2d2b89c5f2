package io.torsion.epoll;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A child process for {@link StandardInputTest}: names the transport that reads its standard input,
 * writes everything it reads back in upper case, and stops at end of input.
 */
public final class StdinUppercaseMain {

    private StdinUppercaseMain() {
    }

    public static void main(String[] args) {
        Reactor reactor = Reactors.create(args[0]);
        reactor.attachStandardInput(new BaseProtocol() {
            @Override
            public void connectionMade() {
                transport.write(("via " + transport.getClass().getSimpleName() + "\n").getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                transport.write(new String(bytes, StandardCharsets.UTF_8).toUpperCase().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void connectionLost(ConnectionClosed reason) {
                // The transport is closed by now, and writes to a closed transport are dropped.
                System.out.println("lost " + reason.getClass().getSimpleName());
                System.out.flush();
                reactor.stop();
            }
        });
        reactor.run();
    }
}
