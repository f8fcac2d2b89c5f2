package io.torsion.tck;

import static io.torsion.tck.Await.await;
import static io.torsion.tck.Await.awaitMade;
import static io.torsion.tck.Loopback.assertEchoes;
import static io.torsion.tck.Loopback.collecting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.LineReceiver;
import io.torsion.api.ListeningPort;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LineReceiver} over real sockets: framing must not depend on how the kernel splits the
 * stream into reads. Where a case needs separate reads, the client waits until the server has
 * read what was sent before it sends more.
 */
public interface LineReceiverConformance extends Kit {

    /**
     * The line receiver under test, recording what it decodes as events in order: {@code line:}
     * for each line, {@code raw:} for raw bytes (consecutive raw chunks merged, since their
     * boundaries depend on the reads), {@code exceeded:} with the length handed to
     * {@code lineLengthExceeded}.
     */
    final class Lines extends LineReceiver {
        final List<String> events = new CopyOnWriteArrayList<>();
        private int rawWanted;
        /** False: lineLengthExceeded only records, as an override that logs and goes on. */
        volatile boolean closeWhenTooLong = true;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();

        @Override
        protected void lineReceived(String line) {
            events.add("line:" + line);
            if (line.startsWith("RAW ")) {
                rawWanted = Integer.parseInt(line.substring(4));
                setRawMode();
            } else if (line.equals("PAUSE")) {
                pauseProducing();
            } else if (line.startsWith("ECHO ")) {
                sendLine("echo: " + line.substring(5));
                sendLine(line.substring(5).getBytes(StandardCharsets.UTF_8));
            }
        }

        /** Takes {@code rawWanted} bytes raw, then hands the rest back to line mode. */
        @Override
        protected void rawDataReceived(ByteBuffer data) {
            int take = Math.min(rawWanted - raw.size(), data.remaining());
            byte[] mine = new byte[take];
            data.get(mine);
            raw.writeBytes(mine);
            if (raw.size() == rawWanted) {
                events.add("raw:" + raw.toString(StandardCharsets.UTF_8));
                raw.reset();
                byte[] rest = new byte[data.remaining()];
                data.get(rest);
                setLineMode(rest);
            }
        }

        @Override
        protected void lineLengthExceeded(ByteBuffer lineSoFar) {
            events.add("exceeded:" + lineSoFar.remaining());
            if (closeWhenTooLong) {
                super.lineLengthExceeded(lineSoFar);
            }
        }
    }

    /** A probe that hands every read to a {@link Lines} receiver, so the kit sees the reads. */
    final class LineServer extends Probe {
        final Lines lines = new Lines();

        LineServer(Kit kit, Consumer<Lines> configure) {
            super(kit, "line-server");
            configure.accept(lines);
        }

        @Override
        void made() {
            lines.makeConnection(transport);
        }

        @Override
        void received(ByteBuffer data) {
            lines.dataReceived(data);
        }

        @Override
        void lost(ConnectionClosed reason) {
            lines.connectionLost(reason);
        }
    }

    /** One connection under test: the server's receiver and the plain client talking to it. */
    final class Session {
        private final Kit kit;
        final LineServer server;
        final Peer client;

        Session(Kit kit, LineServer server, Peer client) {
            this.kit = kit;
            this.server = server;
            this.client = client;
        }

        List<String> events() {
            return server.lines.events;
        }

        /** Sends {@code text} and waits until the server has read all of it, so the next send is a new read. */
        void sendAndAwaitRead(String text) throws Exception {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            long target = server.receivedBytes.get() + bytes.length;
            client.write(bytes);
            await("the server read " + target + " bytes", () -> server.receivedBytes.get() >= target);
            kit.barrier();
        }

        /** Waits for as many events as expected, then checks they are exactly those. */
        void awaitEvents(List<String> expected) {
            await("events " + expected + ", have " + events(), () -> events().size() >= expected.size());
            kit.barrier();
            assertEquals(expected, events());
        }
    }

    private Session start(Consumer<Lines> configure) {
        List<LineServer> servers = new CopyOnWriteArrayList<>();
        ListeningPort port = listen(collecting(servers, () -> new LineServer(this, configure)));
        Peer client = connect(port);
        return new Session(this, awaitMade(servers, 1).get(0), client);
    }

    @Test
    @Tag("lines")
    default void delimiterSplitAcrossReadsStillEndsTheLine() throws Exception {
        Session session = start(lines -> { });
        session.sendAndAwaitRead("hel");
        session.sendAndAwaitRead("lo\r");
        assertEquals(List.of(), session.events(), "nothing before the delimiter is complete");
        session.sendAndAwaitRead("\nwor");
        session.sendAndAwaitRead("ld\r");
        session.sendAndAwaitRead("\n");
        session.awaitEvents(List.of("line:hello", "line:world"));
    }

    @Test
    @Tag("lines")
    default void manyLinesInOneReadComeOutInOrder() throws Exception {
        Session session = start(lines -> { });
        StringBuilder all = new StringBuilder();
        String[] expected = new String[1000];
        for (int i = 0; i < expected.length; i++) {
            all.append("line ").append(i).append("\r\n");
            expected[i] = "line:line " + i;
        }
        session.client.write(all.toString());
        session.awaitEvents(Arrays.asList(expected));
    }

    @Test
    @Tag("lines")
    default void lineOfExactlyMaxLengthIsDeliveredWithOrWithoutItsDelimiterYet() throws Exception {
        Session session = start(lines -> lines.setMaxLength(16));
        session.sendAndAwaitRead("a".repeat(16));
        assertEquals(List.of(), session.events(), "a line of maxLength bytes awaiting its delimiter");
        session.sendAndAwaitRead("\r\n" + "b".repeat(16) + "\r\n");
        session.awaitEvents(List.of("line:" + "a".repeat(16), "line:" + "b".repeat(16)));
    }

    @Test
    @Tag("lines")
    default void lineOneByteOverMaxLengthWithItsDelimiterExceedsAndCloses() throws Exception {
        Session session = start(lines -> lines.setMaxLength(16));
        session.client.write("ok\r\n" + "x".repeat(17) + "\r\nnever\r\n");
        session.client.expectEof();
        session.awaitEvents(List.of("line:ok", "exceeded:17"));
        assertInstanceOf(ConnectionDone.class, session.server.awaitLost(), "reason after the default lineLengthExceeded");
    }

    @Test
    @Tag("lines")
    default void lineOneByteOverMaxLengthExceedsBeforeItsDelimiterArrives() throws Exception {
        Session session = start(lines -> lines.setMaxLength(16));
        session.client.write("y".repeat(17));
        session.client.expectEof();
        session.awaitEvents(List.of("exceeded:17"));
        assertInstanceOf(ConnectionDone.class, session.server.awaitLost(), "reason after the default lineLengthExceeded");
    }

    @Test
    @Tag("lines")
    default void overlongLineWithAnOverrideThatOnlyLogsIsSkippedAndTheConnectionStaysUseful() throws Exception {
        Session session = start(lines -> {
            lines.setMaxLength(16);
            lines.closeWhenTooLong = false;
        });
        session.sendAndAwaitRead("z".repeat(40));
        session.client.write("z".repeat(10) + "\r\nECHO still here\r\n");
        assertEquals("echo: still here\r\nstill here\r\n", session.client.readText(30));
        List<String> events = session.events();
        assertEquals(2, events.size(), "events " + events);
        assertTrue(events.get(0).startsWith("exceeded:"), "the over-long line reported: " + events);
        assertEquals("line:ECHO still here", events.get(1), "the line after it delivered");
    }

    @Test
    @Tag("lines")
    default void rawModeMidChunkTakesTheRestRawThenLineModeResumes() throws Exception {
        Session session = start(lines -> { });
        session.client.write("before\r\nRAW 10\r\n0123\r\n6789after\r\nlast\r\n");
        session.awaitEvents(List.of("line:before", "line:RAW 10", "raw:0123\r\n6789", "line:after", "line:last"));
    }

    @Test
    @Tag("lines")
    default void rawModeAcrossReads() throws Exception {
        Session session = start(lines -> { });
        session.sendAndAwaitRead("RAW 6\r\nab");
        session.sendAndAwaitRead("cd");
        session.sendAndAwaitRead("efline\r");
        session.sendAndAwaitRead("\n");
        session.awaitEvents(List.of("line:RAW 6", "raw:abcdef", "line:line"));
    }

    @Test
    @Tag("lines")
    default void bareNewlineEndsLinesWhenAccepted() throws Exception {
        Session session = start(lines -> lines.setAcceptBareNewline(true));
        session.client.write("one\ntwo\r\nthree\n");
        session.awaitEvents(List.of("line:one", "line:two", "line:three"));
    }

    @Test
    @Tag("lines")
    default void invalidUtf8BecomesReplacementCharactersAndTheConnectionStaysUp() throws Exception {
        Session session = start(lines -> { });
        session.client.write(new byte[] {'o', 'k', (byte) 0xFF, (byte) 0xC3, '!', '\r', '\n'});
        session.client.write("ECHO still here\r\n");
        assertEquals("echo: still here\r\nstill here\r\n", session.client.readText(30));
        session.awaitEvents(List.of("line:ok\uFFFD\uFFFD!", "line:ECHO still here"));
    }

    @Test
    @Tag("lines")
    default void sendLineWritesTheLineAndTheDelimiter() throws Exception {
        Session session = start(lines -> lines.setDelimiter(new byte[] {'|'}));
        session.client.write("ECHO a|ECHO bé|");
        String expected = "echo: a|a|echo: bé|bé|";
        assertEquals(expected, session.client.readText(expected.getBytes(StandardCharsets.UTF_8).length));
        session.awaitEvents(List.of("line:ECHO a", "line:ECHO bé"));
    }

    @Test
    @Tag("lines")
    default void pauseProducingHoldsLinesUntilResume() throws Exception {
        Session session = start(lines -> { });
        session.client.write("a\r\nPAUSE\r\nb\r\nc\r\n");
        session.awaitEvents(List.of("line:a", "line:PAUSE"));
        List<EchoProbe> echoes = new CopyOnWriteArrayList<>();
        Peer other = connect(listenEcho(echoes));
        assertEchoes(other, "a later turn of the loop");
        assertEquals(List.of("line:a", "line:PAUSE"), session.events(), "lines delivered while paused");
        session.server.exec(session.server.lines::resumeProducing);
        session.awaitEvents(List.of("line:a", "line:PAUSE", "line:b", "line:c"));
    }
}
