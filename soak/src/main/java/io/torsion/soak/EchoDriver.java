package io.torsion.soak;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** echo: sessions that check every byte comes back, the line client as a participant, the abuse. */
final class EchoDriver extends StreamApp {

    @Override
    public String app() {
        return "echo";
    }

    @Override
    List<ClientKind> wellBehaved() {
        return List.of(
                ClientKind.wellBehaved("echo-session", 3, Duration.ofMillis(20), EchoDriver::session),
                ClientKind.wellBehaved("line-client", 1, Duration.ofSeconds(2), LineClientParticipant::echo));
    }

    @Override
    Abuse.Script script() {
        return new Abuse.Script(() -> {
            byte[] bytes = new byte[ThreadLocalRandom.current().nextInt(1, 16384)];
            ThreadLocalRandom.current().nextBytes(bytes);
            return bytes;
        }, (conn, rig) -> conn.expectLine("the greeting"), 0, 8 << 20);
    }

    /** The greeting, then up to 20 chunks of up to 64 KiB, each back whole before the next. */
    private static void session(Rig rig) throws Exception {
        try (Conn conn = rig.open(rig.anyLink())) {
            greeting(conn);
            int rounds = rig.random().nextInt(1, 21);
            for (int i = 0; i < rounds; i++) {
                byte[] chunk = new byte[rig.random().nextInt(1, 65537)];
                rig.random().nextBytes(chunk);
                conn.deadline(rig.answerBound());
                conn.write(chunk);
                byte[] back = conn.readExactly(chunk.length);
                if (!Arrays.equals(chunk, back)) {
                    throw new IllegalStateException("echo over " + conn.link() + " sent back other bytes than it got");
                }
                rig.tally().add("echo bytes echoed", chunk.length);
            }
        }
    }

    private static void greeting(Conn conn) throws Exception {
        String greeting = conn.expectLine("the greeting");
        if (!greeting.matches("currently \\d+ open connections")) {
            throw new IllegalStateException("unexpected greeting: " + greeting);
        }
    }

    @Override
    public void probe(Rig rig) throws Exception {
        try (Conn conn = rig.open(rig.anyLink())) {
            greeting(conn);
            conn.write("probe\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!new String(conn.readExactly(6), java.nio.charset.StandardCharsets.US_ASCII).equals("probe\n")) {
                throw new IllegalStateException("probe not echoed");
            }
        }
    }
}
