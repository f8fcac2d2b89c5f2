package io.torsion.tck;

import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.Int16StringReceiver;
import io.torsion.api.ListeningPort;
import io.torsion.api.StringTooLongException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A length-prefixed framer over a real connection: strings cut across reads, and a refusal to send. */
public interface LengthPrefixConformance extends Kit {

    /** Echoes each string back; "BIG" asks for a reply its prefix cannot say, answered "refused". */
    final class Strings extends Int16StringReceiver {
        @Override
        protected void stringReceived(ByteBuffer string) {
            String text = StandardCharsets.UTF_8.decode(string.duplicate()).toString();
            if (text.equals("BIG")) {
                try {
                    sendString(new byte[65536]);
                } catch (StringTooLongException e) {
                    sendString("refused".getBytes(StandardCharsets.UTF_8));
                }
            } else {
                sendString(string);
            }
        }
    }

    /** A probe that hands every read to a {@link Strings} receiver. */
    final class StringServer extends Probe {
        final Strings strings = new Strings();

        StringServer(Kit kit) {
            super(kit, "int16-server");
        }

        @Override
        void made() {
            strings.makeConnection(transport);
        }

        @Override
        void received(ByteBuffer data) {
            strings.dataReceived(data);
        }

        @Override
        void lost(ConnectionClosed reason) {
            strings.connectionLost(reason);
        }
    }

    private static byte[] frames(String... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String string : strings) {
            byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 8);
            out.write(bytes.length & 0xff);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Test
    @Tag("framing")
    default void int16StringsCutIntoSingleByteWritesComeBackWhole() throws Exception {
        List<StringServer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new StringServer(this)));
        Peer client = connect(port.port());
        awaitMade(servers, 1);
        byte[] sent = frames("one", "", "x".repeat(300), "BIG", "last");
        for (byte b : sent) {
            client.write(new byte[] {b});
        }
        byte[] expected = frames("one", "", "x".repeat(300), "refused", "last");
        assertArrayEquals(expected, client.readExactly(expected.length), "echoed strings, the big one refused");
    }
}
