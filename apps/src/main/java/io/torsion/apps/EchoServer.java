package io.torsion.apps;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echo: greets each client with the number of open connections, then sends back every byte it
 * receives. Bytes are relayed as they come, not framed into lines, so echo has no line limit.
 */
public final class EchoServer implements Factory {

    /** The port the launcher listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 1200;

    private static final Logger log = LoggerFactory.getLogger(EchoServer.class);

    private final boolean greeting;
    private final boolean upper;
    /** Open connections; shared by the factories of every loop of a group. */
    private final AtomicInteger open;

    /**
     * @param greeting send {@code currently N open connections} on connect
     * @param upper upper-case ASCII letters in what is echoed
     */
    public EchoServer(boolean greeting, boolean upper) {
        this(greeting, upper, new AtomicInteger());
    }

    /**
     * One loop's echo factory on a group: {@code open} is shared with the other loops' factories,
     * so the greeting counts every connection of the server.
     */
    public EchoServer(boolean greeting, boolean upper, AtomicInteger open) {
        this.greeting = greeting;
        this.upper = upper;
        this.open = open;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new Echo();
    }

    private final class Echo extends BaseProtocol {

        @Override
        public void connectionMade() {
            int now = open.incrementAndGet();
            log.info("{} connected", HostPort.of(transport.getPeer()));
            // Stop reading from a client while the replies to it are backed up, so one that sends
            // but never reads costs a bounded queue, not unbounded memory.
            transport.registerProducer(transport);
            if (greeting) {
                transport.write(("currently " + now + " open connections\r\n").getBytes(StandardCharsets.US_ASCII));
            }
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            transport.write(upper ? upperCased(data) : data);
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            open.decrementAndGet();
            log.info("{} closed: {}", HostPort.of(transport.getPeer()), reason.getMessage());
        }
    }

    /** A copy of {@code data} with ASCII letters upper-cased; other bytes (UTF-8 included) unchanged. */
    private static ByteBuffer upperCased(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] >= 'a' && bytes[i] <= 'z') {
                bytes[i] -= 'a' - 'A';
            }
        }
        return ByteBuffer.wrap(bytes);
    }
}
