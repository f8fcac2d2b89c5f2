package io.torsion.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The abusive stream clients every TCP app gets, each a bounded loop: one that sends and never
 * reads, one that reads a byte a second, one that resets in the middle of a write, one that
 * half-closes, one that sends garbage (random bytes, invalid UTF-8, a line past the limit) and a
 * connect-and-close storm. {@link Script} says what a request of the app looks like.
 */
final class Abuse {

    /**
     * How an app is abused: the requests it takes, its line limit (0: it frames no lines) and how
     * much the client that never reads sends at most (a chat room relays it to every member).
     */
    record Script(Supplier<byte[]> request, Prelude prelude, int maxLine, long floodBytes) {
        boolean lines() {
            return maxLine > 0;
        }
    }

    /** What a client of the app does first on a new connection (the chat's nickname), if anything. */
    interface Prelude {
        void run(Conn conn, Rig rig) throws IOException;

        Prelude NONE = (conn, rig) -> { };
    }

    private static final Duration HOLD = Duration.ofSeconds(8);
    private static final int STORM = 20;

    private Abuse() {
    }

    static List<ClientKind> clients(Script script) {
        return List.of(
                ClientKind.abusive("never-reads", Duration.ofMillis(200), rig -> neverReads(rig, script)),
                ClientKind.abusive("reads-a-byte-a-second", Duration.ofMillis(200), rig -> slowReader(rig, script)),
                ClientKind.abusive("resets-mid-write", Duration.ofMillis(50), rig -> resetsMidWrite(rig, script)),
                ClientKind.abusive("half-closes", Duration.ofMillis(100), rig -> halfCloses(rig, script)),
                ClientKind.abusive("garbage", Duration.ofMillis(100), rig -> garbage(rig, script)),
                ClientKind.abusive("connect-close-storm", Duration.ofMillis(500), Abuse::storm));
    }

    /** Writes requests without reading a byte, until the server stops reading and the deadline cuts it off. */
    private static void neverReads(Rig rig, Script script) throws IOException {
        try (Conn conn = rig.open(rig.anyLink())) {
            script.prelude().run(conn, rig);
            conn.deadline(HOLD);
            long sent = 0;
            while (sent < script.floodBytes()) {
                byte[] request = script.request().get();
                conn.write(request);
                sent += request.length;
            }
            rig.tally().add("never-reads bytes sent", sent);
        }
    }

    /** A burst of requests, then the answers read one byte a second. */
    private static void slowReader(Rig rig, Script script) throws IOException, InterruptedException {
        try (Conn conn = rig.open(rig.anyLink())) {
            script.prelude().run(conn, rig);
            conn.deadline(HOLD.plusSeconds(4));
            for (long sent = 0; sent < Math.min(64 << 10, script.floodBytes()); ) {
                byte[] request = script.request().get();
                conn.write(request);
                sent += request.length;
            }
            for (int i = 0; i < HOLD.toSeconds(); i++) {
                if (conn.readByte() < 0) {
                    rig.tally().count("reads-a-byte-a-second closed by the server");
                    return;
                }
                Thread.sleep(1000);   // the client's pace: one byte a second
            }
        }
    }

    /** Half a request and a burst behind it, then RST (SO_LINGER 0) with the bytes still in flight. */
    private static void resetsMidWrite(Rig rig, Script script) throws IOException {
        Link link = rig.random().nextInt(3) == 0 ? Link.TLS_RAW : rig.anyLink();
        if (link == Link.TLS_RAW && rig.addresses().tls() == null) {
            link = Link.TCP;
        }
        Conn conn = rig.open(link);
        try {
            if (link != Link.TLS_RAW) {
                script.prelude().run(conn, rig);
            }
            byte[] request = script.request().get();
            conn.write(java.util.Arrays.copyOf(request, Math.max(1, request.length / 2)));
            byte[] burst = new byte[rig.random().nextInt(1, 256 << 10)];
            rig.random().nextBytes(burst);
            conn.write(burst);
        } finally {
            conn.reset();
        }
    }

    /** One whole request, then FIN; reads whatever comes until the server closes or the deadline passes. */
    private static void halfCloses(Rig rig, Script script) throws IOException {
        try (Conn conn = rig.open(rig.plainLink())) {
            script.prelude().run(conn, rig);
            conn.write(script.request().get());
            conn.halfClose();
            conn.deadline(HOLD);
            try {
                conn.drainToEnd();
                rig.tally().count("half-closes then closed by the server");
            } catch (Conn.TimedOut e) {
                rig.tally().count("half-closes still open after " + HOLD.toSeconds() + " s");
            }
        }
    }

    /**
     * Random bytes, invalid UTF-8 and NULs, then for a line app a line one byte past the limit,
     * which must be answered {@code ERROR line too long} before the server closes.
     */
    private static void garbage(Rig rig, Script script) throws IOException {
        boolean raw = rig.addresses().tls() != null && rig.random().nextInt(4) == 0;
        try (Conn conn = rig.open(raw ? Link.TLS_RAW : rig.anyLink())) {
            if (!raw) {
                script.prelude().run(conn, rig);
            }
            byte[] garbage = garbageBytes(rig);
            conn.write(garbage);
            if (raw) {
                conn.deadline(Duration.ofSeconds(15));
                conn.drainToEnd();   // a TLS port closes on what is no handshake
                rig.tally().count("garbage to the TLS port closed by the server");
                return;
            }
            if (!script.lines()) {
                if (!java.util.Arrays.equals(garbage, conn.readExactly(garbage.length))) {
                    rig.tally().violation("garbage over " + conn.link() + ": not echoed byte for byte");
                }
                return;
            }
            byte[] tooLong = new byte[script.maxLine() + 1];
            java.util.Arrays.fill(tooLong, (byte) 'x');
            conn.write("\n".getBytes(StandardCharsets.US_ASCII));
            conn.write(tooLong);
            conn.deadline(rig.answerBound());
            String line;
            while ((line = conn.readLine()) != null) {
                if (line.equals("ERROR line too long")) {
                    rig.tally().count("garbage answered ERROR line too long");
                    if (conn.readLine() != null) {
                        rig.tally().violation("garbage: a line after ERROR line too long");
                    }
                    return;
                }
            }
            rig.tally().violation("garbage over " + conn.link() + ": closed without ERROR line too long");
        } catch (Conn.TimedOut e) {
            rig.tally().violation("garbage: an over-long line neither answered nor closed within the bound: " + e.getMessage());
        }
    }

    private static byte[] garbageBytes(Rig rig) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] random = new byte[rig.random().nextInt(1, 4096)];
        rig.random().nextBytes(random);
        bytes.writeBytes(random);
        // Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong '/', a surrogate, 0xFF.
        bytes.writeBytes(new byte[] {'\n', (byte) 0x80, 'a', (byte) 0xC3, '\n', (byte) 0xC0, (byte) 0xAF,
            (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF, 0, 0, '\r', '\n'});
        return bytes.toByteArray();
    }

    /** A burst of connections closed at once, some with RST, some half-way into a TLS handshake. */
    private static void storm(Rig rig) throws IOException {
        for (int i = 0; i < STORM; i++) {
            Link link = rig.anyLink();
            Conn conn;
            try {
                conn = rig.open(link == Link.TLS && rig.random().nextBoolean() ? Link.TLS_RAW : link);
            } catch (Conn.TimedOut e) {
                rig.tally().count("connect-close-storm handshake cut by the deadline");
                continue;
            }
            if (rig.random().nextBoolean()) {
                conn.reset();
            } else {
                conn.close();
            }
        }
        rig.tally().add("connect-close-storm connections", STORM);
    }
}
