package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Await.result;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.torsion.api.ConnectionDone;
import io.torsion.api.ListeningPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many connections at once and many in a row. Bounded in count and in time; client and server
 * descriptors both count against the process limit, so bursts come in batches. Over TLS a twentieth as
 * many ({@link SocketKind#loadScale()}): each connection is a full handshake.
 */
public interface LoadConformance extends Kit {

    int CLIENT_THREADS = 8;

    @Test
    @Tag("load")
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    default void thousandConcurrentConnectionsEachEchoTenMessages() throws Exception {
        int connections = 1000 / kind().loadScale();
        int rounds = 10;
        List<EchoProbe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listenEcho(servers);
        List<Future<Void>> clients = new ArrayList<>();
        for (int t = 0; t < CLIENT_THREADS; t++) {
            int first = t;
            clients.add(spawn(() -> {
                List<Peer> mine = new ArrayList<>();
                for (int c = first; c < connections; c += CLIENT_THREADS) {
                    mine.add(connect(port));
                }
                awaitMade(servers, connections);
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < mine.size(); i++) {
                        mine.get(i).write(message(first + i * CLIENT_THREADS, round));
                    }
                    for (int i = 0; i < mine.size(); i++) {
                        byte[] expected = message(first + i * CLIENT_THREADS, round);
                        assertArrayEquals(expected, mine.get(i).readExactly(expected.length),
                                "echo on connection " + (first + i * CLIENT_THREADS) + ", round " + round);
                    }
                }
                for (Peer peer : mine) {
                    peer.close();
                }
                return null;
            }));
        }
        for (Future<Void> client : clients) {
            result(client, Duration.ofSeconds(60));
        }
        assertEquals(connections, servers.size(), "connections accepted");
        await("every connection lost", () -> servers.stream().allMatch(Probe::isLost), Duration.ofSeconds(30));
        for (EchoProbe server : servers) {
            assertInstanceOf(ConnectionDone.class, server.reason(), "reason after the client closed");
        }
    }

    /** A message whose length and content depend on its connection and round. */
    private static byte[] message(int connection, int round) {
        String head = "connection " + connection + " round " + round + " ";
        int padding = (connection * 7 + round * 13) % 200;
        byte[] text = head.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[text.length + padding];
        System.arraycopy(text, 0, out, 0, text.length);
        byte[] tail = Pattern.bytes(connection * 31L + round, 0, padding);
        System.arraycopy(tail, 0, out, text.length, padding);
        return out;
    }

    @Test
    @Tag("load")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    default void tenThousandConnectionsOpenedAndClosedInBurstsAreAllAcceptedAndLost() throws Exception {
        int total = 10_000 / kind().loadScale();
        int batch = 1000 / kind().loadScale();
        List<Probe> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new Probe(this, "burst-server")));
        for (int opened = 0; opened < total; opened += batch) {
            List<Future<List<Peer>>> openers = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                int share = batch / CLIENT_THREADS + (t < batch % CLIENT_THREADS ? 1 : 0);
                openers.add(spawn(() -> {
                    List<Peer> mine = new ArrayList<>(share);
                    try {
                        for (int i = 0; i < share; i++) {
                            mine.add(Peer.connect(kind(), port.address(), 0));
                        }
                        return mine;
                    } catch (RuntimeException e) {
                        mine.forEach(Loopback::closeQuietly);
                        throw e;
                    }
                }));
            }
            List<Peer> peers = new ArrayList<>(batch);
            try {
                for (Future<List<Peer>> opener : openers) {
                    peers.addAll(result(opener, Duration.ofSeconds(60)));
                }
                int expected = opened + batch;
                await(expected + " connections accepted", () -> servers.size() == expected
                        && servers.stream().allMatch(Probe::isMade), Duration.ofSeconds(60));
            } finally {
                peers.forEach(Loopback::closeQuietly);
            }
            await("every connection of the batch lost",
                    () -> servers.stream().allMatch(Probe::isLost), Duration.ofSeconds(60));
        }
        assertEquals(total, servers.size(), "connections accepted");
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        assertEchoes(connect(listenEcho(echoes)), "still healthy");
    }
}
