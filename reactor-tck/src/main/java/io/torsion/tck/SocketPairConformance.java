package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.torsion.api.ConnectionDone;
import io.torsion.api.PeerCredentials;
import io.torsion.api.UnixTransport;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code socketPair}: two connected ends inside one reactor, like {@code socket.socketpair()}. */
public interface SocketPairConformance extends Kit {

    /** An end that answers "ping" with "pong". */
    final class Ponger extends Probe {
        Ponger(Kit kit) {
            super(kit, "pair-b", true);
        }

        @Override
        void received(ByteBuffer data) {
            if (new String(keptBytes(), StandardCharsets.US_ASCII).equals("ping")) {
                transport.write("pong".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    @Tag("pair")
    default void socketPairEndsExchangeBothWaysAndSeeTheOtherClose() {
        Probe a = new Probe(this, "pair-a", true);
        Ponger b = new Ponger(this);
        exec(() -> {
            reactor().socketPair(a, b);
            a.transport().write("ping".getBytes(StandardCharsets.US_ASCII));
        });
        await("pong back at a", () -> a.receivedBytes.get() >= 4);
        assertEquals("pong", new String(a.keptBytes(), StandardCharsets.US_ASCII));
        UnixTransport face = assertInstanceOf(UnixTransport.class, call(a::transport));
        assertEquals(UnixDomainSocketAddress.of(""), call(face::getPeer));
        PeerCredentials credentials = call(face::peerCredentials);
        assertEquals(ProcessHandle.current().pid(), credentials.pid().orElse(ProcessHandle.current().pid()),
                "the other end is this process");
        exec(() -> a.transport().loseConnection());
        await("b sees a close", b::isLost);
        assertInstanceOf(ConnectionDone.class, b.reason());
        await("a closed", a::isLost);
        assertInstanceOf(ConnectionDone.class, a.reason());
    }

    @Test
    @Tag("pair")
    default void bulkThroughASocketPairArrivesWholeAndInOrder() {
        int size = 4 * 1024 * 1024;
        Probe a = new Probe(this, "pair-a", false);
        Probe b = new Probe(this, "pair-b", true);
        exec(() -> {
            reactor().socketPair(a, b);
            for (int at = 0; at < size; at += 256 * 1024) {
                a.transport().write(Pattern.bytes(0x9A1, at, 256 * 1024));
            }
            a.transport().loseConnection(); // flushes the queue first
        });
        await("b received everything and the close", () -> b.isLost() && b.receivedBytes.get() >= size);
        byte[] got = b.keptBytes();
        assertEquals(size, got.length);
        assertEquals(-1, Pattern.firstMismatch(0x9A1, 0, got, 0, got.length), "first wrong byte");
        exec(() -> b.transport().loseConnection());
    }
}
