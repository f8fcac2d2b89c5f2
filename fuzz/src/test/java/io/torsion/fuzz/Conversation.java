package io.torsion.fuzz;

import io.torsion.api.Factory;
import io.torsion.api.FramingProtocol;
import io.torsion.api.testing.ManualClock;
import io.torsion.api.testing.StringTransport;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A fuzzed conversation between a server's factory and a few peers, as a reactor would carry it:
 * each step either sends bytes from one peer, closes one peer's connection, blocks or unblocks
 * one peer's reading (so the server's writes queue), or moves the clock on. A peer that sends after
 * its connection closed (or started closing) connects anew. A connection the server asked to close is finished once its
 * queue drained (at once when aborted), as a reactor finishes it.
 *
 * <p>Steps, after the target's settings bytes: an op byte (bits 0-1 the peer, bits 2-3 what), then
 * for a send a length byte and that many bytes, for a clock step one byte of minutes. The bytes all
 * sends carry, in order, are one stream that {@link Chunkings} cuts: a cut inside a send splits it
 * into several reads.
 */
public final class Conversation {

    private enum Kind { SEND, CLOSE, BLOCK, ADVANCE }

    private record Step(int peer, Kind kind, byte[] bytes, int minutes) {
    }

    /** One peer: its current connection, and everything it has seen on every connection so far. */
    public static final class Peer {
        final int index;
        int generation;
        StringTransport transport;
        final StringBuilder seen = new StringBuilder();

        Peer(int index) {
            this.index = index;
        }

        /** The peer's current connection, or null before its first. */
        public StringTransport transport() {
            return transport;
        }
    }

    private final List<Step> steps = new ArrayList<>();
    private final int peers;

    public Conversation(FuzzInput in, int peers) {
        this.peers = peers;
        while (in.hasMore()) {
            int op = in.nextByte();
            Kind kind = Kind.values()[(op >> 2) & 3];
            int peer = (op & 3) % peers;
            steps.add(switch (kind) {
                case SEND -> new Step(peer, kind, in.take(in.nextByte()), 0);
                case ADVANCE -> new Step(peer, kind, null, in.nextByte());
                default -> new Step(peer, kind, null, 0);
            });
        }
    }

    /** The bytes all sends carry, in order: what a cut applies to. */
    public int streamLength() {
        return steps.stream().filter(s -> s.kind == Kind.SEND).mapToInt(s -> s.bytes.length).sum();
    }

    /**
     * Plays the conversation against a fresh {@code factory}'s protocols, reads cut at {@code cut},
     * calling {@code check} after every step; at the end every peer reads everything and closes.
     * Returns what each peer saw, connection by connection.
     */
    public String play(Factory factory, ManualClock clock, Chunkings.Cut cut, int highWater, Consumer<List<Peer>> check) {
        List<Peer> all = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            all.add(new Peer(i));
        }
        int offset = 0;
        int nextCut = 0;
        int[] cuts = cut.offsets();
        for (Step step : steps) {
            Peer peer = all.get(step.peer);
            switch (step.kind) {
                case SEND -> {
                    StringTransport transport = open(peer, factory, clock, highWater);
                    int from = 0;
                    while (nextCut < cuts.length && cuts[nextCut] < offset + step.bytes.length) {
                        int to = cuts[nextCut++] - offset;
                        transport.receive(Arrays.copyOfRange(step.bytes, from, to));
                        from = to;
                    }
                    transport.receive(Arrays.copyOfRange(step.bytes, from, step.bytes.length));
                    offset += step.bytes.length;
                }
                case CLOSE -> {
                    if (peer.transport != null && !peer.transport.isClosed()) {
                        peer.transport.loseConnectionNow();
                        peer.seen.append("[hung up]");
                    }
                }
                case BLOCK -> {
                    if (peer.transport != null) {
                        peer.transport.setWritesBlocked(!peer.transport.isWritesBlocked());
                    }
                }
                case ADVANCE -> clock.advance(Duration.ofMinutes(step.minutes));
            }
            settle(all);
            check.accept(all);
        }
        for (Peer peer : all) {
            if (peer.transport != null) {
                peer.transport.setWritesBlocked(false);
                settle(all);
                peer.transport.loseConnectionNow();
                settle(all);
            }
        }
        check.accept(all);
        StringBuilder outcome = new StringBuilder();
        for (Peer peer : all) {
            outcome.append("peer ").append(peer.index).append(": ").append(peer.seen).append('\n');
        }
        return outcome.toString();
    }

    /**
     * The bounds every server owes its peers: on each open connection, at most {@code maxQueued}
     * bytes wait unsent, and the line buffer holds at most a line and its delimiter.
     */
    public static void checkBounds(List<Peer> all, long maxQueued, int maxLine) {
        for (Peer peer : all) {
            StringTransport transport = peer.transport;
            if (transport != null && transport.isOpen()) {
                FrameScript.check(transport.queuedBytes() <= maxQueued,
                        transport.queuedBytes() + " bytes queued for a peer, over " + maxQueued);
                FramingProtocol lines = (FramingProtocol) transport.protocol();
                FrameScript.check(lines.isPaused() || lines.undeliveredBytes() <= maxLine + 2,
                        lines.undeliveredBytes() + " bytes buffered, over the line limit " + maxLine);
            }
        }
    }

    private static StringTransport open(Peer peer, Factory factory, ManualClock clock, int highWater) {
        if (peer.transport == null || !peer.transport.isOpen()) {
            if (peer.transport != null && !peer.transport.isClosed()) {
                // Closing with replies it never read: the peer gives up on it, and the server hears so.
                peer.transport.loseConnectionNow();
                peer.seen.append("[gave up]");
            }
            peer.generation++;
            peer.transport = new StringTransport(clock);
            peer.transport.setWaterMarks(highWater, highWater / 4);
            peer.transport.setPeer(new InetSocketAddress("10.0.0." + (peer.index + 1), 1000 + peer.generation));
            peer.seen.append("[connected]");
            peer.transport.attachBuiltBy(factory);
        }
        return peer.transport;
    }

    /** Collects what each peer read and finishes connections the server closed, as a reactor would. */
    private static void settle(List<Peer> all) {
        boolean again = true;
        while (again) {
            again = false;
            for (Peer peer : all) {
                StringTransport transport = peer.transport;
                if (transport == null) {
                    continue;
                }
                peer.seen.append(new String(transport.value(), StandardCharsets.UTF_8));
                transport.clear();
                if (transport.isDisconnecting() && !transport.isClosed()
                        && (transport.isAborted() || transport.queuedBytes() == 0)) {
                    transport.loseConnectionNow();
                    peer.seen.append(transport.isAborted() ? "[aborted]" : "[closed]");
                    again = true; // its leaving may have sent others something
                }
            }
        }
    }
}
