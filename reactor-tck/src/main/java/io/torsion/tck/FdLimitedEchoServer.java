package io.torsion.tck;

import io.torsion.api.BaseProtocol;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An echo server for {@link FdExhaustionConformance}: run in a child JVM whose file-descriptor
 * limit is lowered, it listens on 127.0.0.1 (or, given a second argument, on that Unix socket path),
 * prints {@code port N} (or {@code unix PATH}) once listening and echoes until killed.
 */
public final class FdLimitedEchoServer {

    private FdLimitedEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        Reactor reactor = Reactors.create(args[0]);
        Factory echo = Factory.forProtocol(() -> new BaseProtocol() {
            @Override
            public void dataReceived(ByteBuffer data) {
                transport.write(data);
            }
        });
        if (args.length > 1) {
            reactor.listenUnix(args[1], echo);
            System.out.println("unix " + args[1]);
        } else {
            ListeningPort port = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), echo);
            System.out.println("port " + port.port());
        }
        System.out.flush();
        reactor.run();
    }
}
