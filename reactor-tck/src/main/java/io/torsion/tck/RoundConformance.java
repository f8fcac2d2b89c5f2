package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.collecting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Connector;
import io.torsion.api.ListeningPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One readiness round, in which a callback closes connections, a listener and a connection attempt
 * that are ready in that same round: the backend skips what was closed, quietly, and serves every
 * other ready connection in that round.
 */
public interface RoundConformance extends Kit {

    int TALKERS = 8;
    int RESETTERS = 8;

    /** A chat-room member: whatever its peer sends goes to every other open member. */
    final class Member extends Probe {
        private final List<Member> room;
        private final AtomicBoolean roundOver;
        private final Runnable onFirstBroadcast;
        final List<String> servedLate;

        Member(Kit kit, List<Member> room, AtomicBoolean roundOver, Runnable onFirstBroadcast, List<String> late) {
            super(kit, "member");
            this.room = room;
            this.roundOver = roundOver;
            this.onFirstBroadcast = onFirstBroadcast;
            this.servedLate = late;
        }

        @Override
        void received(ByteBuffer data) {
            if (roundOver.get()) {
                servedLate.add(transport.getPeer().toString());
            }
            onFirstBroadcast.run();
            for (Member other : room) {
                if (other != this && other.transport.isOpen()) {
                    other.transport.write(data.duplicate());
                }
            }
        }
    }

    /**
     * Talkers and members whose peers reset are all ready in one round, with a pending accept and a
     * completing connect. The first talker served writes to the reset members (which closes them),
     * stops the listener and gives up the connect; every other talker must still be served in that
     * round, and nothing is logged at error level.
     */
    @Test
    @Tag("close")
    default void closingReadyConnectionsFromACallbackSkipsThemAndServesTheRestOfTheRound() throws Exception {
        AtomicBoolean roundOver = new AtomicBoolean();
        List<String> late = new CopyOnWriteArrayList<>();
        List<Member> room = new CopyOnWriteArrayList<>();
        List<Probe> accepted = new CopyOnWriteArrayList<>();
        ListeningPort doomed = listen(collecting(accepted, () -> new Probe(this, "doomed-listener")));
        ListeningPort target = listen(collecting(accepted, () -> new Probe(this, "connect-target")));
        RecordingClientFactory client = new RecordingClientFactory(this);
        Connector[] connector = new Connector[1];
        AtomicBoolean closedOthers = new AtomicBoolean();
        Runnable closeOthers = () -> {
            if (closedOthers.compareAndSet(false, true)) {
                doomed.stopListening();
                connector[0].disconnect();
            }
        };
        ListeningPort roomPort = listen(collecting(room, () -> new Member(this, room, roundOver, closeOthers, late)));
        List<Peer> talkers = new ArrayList<>();
        List<Peer> resetters = new ArrayList<>();
        for (int i = 0; i < TALKERS + RESETTERS; i++) {
            (i < TALKERS ? talkers : resetters).add(connect(roomPort));
        }
        awaitMade(room, TALKERS + RESETTERS);

        // Readiness is made in an order that puts closed keys between talkers in the round (kernels
        // report ready sockets roughly in the order they became ready): talker 0, the connect, the
        // accept, the resets, the other talkers.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch firstWritten = new CountDownLatch(1);
        CountDownLatch connecting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        reactor().callFromThread(() -> {
            held.countDown();
            awaitQuietly(firstWritten);
            connector[0] = connectClient(target.address(), client, WAIT);
            connecting.countDown();
            awaitQuietly(release);
            // Runs at the start of the next turn, after the round that follows this task.
            reactor().callFromThread(() -> roundOver.set(true));
        });
        assertTrue(held.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the reactor took the holding task");
        talkers.get(0).write(line(0));
        firstWritten.countDown();
        assertTrue(connecting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "the held reactor started a connect");
        // Only a pending accept: over TLS a handshake could not finish while the reactor is held.
        closeAfter(Peer.connect(kind().plain(), doomed.address(), 0));
        for (Peer peer : resetters) {
            peer.reset();
        }
        for (int i = 1; i < TALKERS; i++) {
            talkers.get(i).write(line(i));
        }
        try (StandardErrorWatch errors = StandardErrorWatch.start()) {
            release.countDown();
            await("the round after the held task ended", roundOver::get);
            for (int i = 0; i < TALKERS; i++) {
                assertEquals(othersLines(i), readLines(talkers.get(i), TALKERS - 1), "what talker " + i + " got");
            }
            await("every reset member lost", () -> room.stream().filter(Probe::isLost).count() == RESETTERS);
            barrier();
            assertEquals(List.of(), late, "talkers served only after the round they were ready in");
            assertEquals(List.of(), errors.errorLines(), "errors logged");
        }
        assertFalse(call(doomed::isListening), "the listener stopped in the round is still listening");
        assertEquals(1, call(() -> client.failures.size() + client.losses.size()),
                "the connect given up in the round ended once");
    }

    private static byte[] line(int talker) {
        return ("line from talker " + talker + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static Set<String> othersLines(int talker) {
        Set<String> lines = new TreeSet<>();
        for (int i = 0; i < TALKERS; i++) {
            if (i != talker) {
                lines.add(new String(line(i), StandardCharsets.US_ASCII).trim());
            }
        }
        return lines;
    }

    private static Set<String> readLines(Peer peer, int count) throws IOException {
        Set<String> lines = new TreeSet<>();
        StringBuilder text = new StringBuilder();
        while (lines.size() < count) {
            text.append(peer.readText(1));
            int end = text.indexOf("\n");
            if (end >= 0) {
                lines.add(text.substring(0, end));
                text.delete(0, end + 1);
            }
        }
        return lines;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the held reactor");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
