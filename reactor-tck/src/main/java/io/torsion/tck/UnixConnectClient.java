package io.torsion.tck;

import io.torsion.api.ClientFactory;
import io.torsion.api.Connector;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A client for {@link UnixSocketConformance}, run in a child JVM as another user: connects to a Unix
 * socket with the given backend and prints {@code failed: REASON} or {@code connected}.
 */
public final class UnixConnectClient {

    private UnixConnectClient() {
    }

    public static void main(String[] args) {
        Reactor reactor = Reactors.create(args[0]);
        reactor.callFromThread(() -> reactor.connectUnix(args[1], new ClientFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress peer) {
                System.out.println("connected");
                reactor.stop();
                return null;
            }

            @Override
            public void clientConnectionFailed(Connector connector, Throwable reason) {
                System.out.println("failed: " + reason.getMessage());
                reactor.stop();
            }
        }, Duration.ofSeconds(10)));
        reactor.run();
    }
}
