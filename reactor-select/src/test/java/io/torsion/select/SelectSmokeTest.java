package io.torsion.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A first end-to-end check of the select backend; the conformance kit covers the rest. */
@Timeout(30)
class SelectSmokeTest {

    @Test
    void echoesOneMegabyteAndReportsCleanClose() throws Exception {
        Reactor reactor = Reactors.create("select");
        CompletableFuture<ConnectionClosed> lost = new CompletableFuture<>();
        Factory echo = Factory.forProtocol(() -> new BaseProtocol() {
            @Override
            public void connectionMade() {
                transport.registerProducer(transport);
            }

            @Override
            public void dataReceived(ByteBuffer data) {
                transport.write(data);
            }

            @Override
            public void connectionLost(ConnectionClosed reason) {
                lost.complete(reason);
            }
        });
        ListeningPort port = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0), echo);
        Thread loop = new Thread(reactor::run, "reactor");
        loop.start();
        byte[] sent = new byte[1 << 20];
        new Random(7).nextBytes(sent);
        byte[] received = new byte[sent.length];
        try (Socket client = new Socket("127.0.0.1", port.port())) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = client.getOutputStream();
                    out.write(sent);
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            writer.start();
            new DataInputStream(client.getInputStream()).readFully(received);
            writer.join();
        }
        assertArrayEquals(sent, received);
        assertTrue(lost.get(10, TimeUnit.SECONDS) instanceof ConnectionDone);
        reactor.stop();
        loop.join(10_000);
        assertEquals(false, loop.isAlive());
    }
}
