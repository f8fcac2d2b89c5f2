package io.torsion.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * chatroom: groups of three members, each of whom must get every line the other two send, in the
 * order sent, whatever else the room carries; the line client as a member; the abuse (the member
 * that never reads is the one the room drops).
 */
final class ChatRoomDriver extends StreamApp {

    private static final int GROUP = 3;

    @Override
    public String app() {
        return "chatroom";
    }

    @Override
    List<ClientKind> wellBehaved() {
        return List.of(
                ClientKind.wellBehaved("room-group", 2, Duration.ofMillis(50), ChatRoomDriver::group),
                ClientKind.wellBehaved("line-client", 1, Duration.ofSeconds(2), LineClientParticipant::chatroom));
    }

    @Override
    Abuse.Script script() {
        return new Abuse.Script(() -> ("spam " + "z".repeat(ThreadLocalRandom.current().nextInt(1, 200)) + "\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), Abuse.Prelude.NONE, MAX_LINE, 64 << 10);
    }

    static Member join(Rig rig, Link link) throws Exception {
        Conn conn = rig.open(link);
        String welcome;
        try {
            welcome = conn.expectLine("the welcome");
        } catch (Exception e) {
            conn.close();
            throw e;
        }
        if (!welcome.startsWith("welcome ")) {
            conn.close();
            throw new IllegalStateException("chatroom welcome: " + welcome);
        }
        return Member.of(conn);
    }

    private static void group(Rig rig) throws Exception {
        String tag = rig.uniqueName("g");
        List<Member> members = new ArrayList<>();
        List<Conn> conns = new ArrayList<>();
        try {
            for (int m = 0; m < GROUP; m++) {
                Conn conn = rig.open(rig.roomMemberLink());
                conns.add(conn);
                String welcome = conn.expectLine("the welcome");
                if (!welcome.startsWith("welcome ")) {
                    throw new IllegalStateException("chatroom welcome: " + welcome);
                }
            }
            for (Conn conn : conns) {
                members.add(Member.of(conn));
            }
            // Per member, the group's lines that came while it waited for another sender's.
            List<java.util.Set<String>> early = new ArrayList<>();
            for (int m = 0; m < GROUP; m++) {
                early.add(new java.util.HashSet<>());
            }
            int rounds = rig.random().nextInt(1, 30);
            for (int i = 0; i < rounds; i++) {
                for (int m = 0; m < GROUP; m++) {
                    conns.get(m).writeLine(line(tag, m, i) + " " + text(rig, rig.random().nextInt(0, 100)));
                }
                for (int m = 0; m < GROUP; m++) {
                    for (int from = 0; from < GROUP; from++) {
                        if (from != m) {
                            try {
                                awaitLine(rig, members.get(m), early.get(m), tag, from, i);
                            } catch (Exception e) {
                                throw new IllegalStateException("member " + m + " of a group over "
                                        + conns.stream().map(Conn::link).toList() + " (members now: "
                                        + members.stream().map(Member::state).toList() + "): " + e.getMessage(), e);
                            }
                            rig.tally().count("chatroom lines delivered");
                        }
                    }
                }
            }
        } finally {
            for (Member member : members) {
                member.close();
            }
            conns.forEach(Conn::close);
        }
    }

    private static String line(String tag, int member, int i) {
        return tag + "/" + member + "/" + i;
    }

    /**
     * Waits for line {@code i} of {@code from}. The room relays the members' lines in the order it
     * reads them, which across connections need not be the order they were written: a line of
     * another member of the group that comes first is kept in {@code early} for its own wait. Only
     * an earlier or later line of the same sender seen instead is out of order.
     */
    private static void awaitLine(Rig rig, Member member, java.util.Set<String> early, String tag, int from, int i)
            throws Exception {
        String wanted = line(tag, from, i);
        if (early.remove(wanted)) {
            return;
        }
        String ofGroup = "> " + tag + "/";
        String ofSender = ofGroup + from + "/";
        long deadline = System.nanoTime() + rig.answerBound().toNanos();
        while (true) {
            String line = member.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "line " + wanted);
            if (line.contains("> " + wanted + " ")) {
                return;
            }
            if (line.contains(ofSender)) {
                throw new IllegalStateException("chatroom: got \"" + line + "\" while waiting for " + wanted);
            }
            int at = line.indexOf(ofGroup);
            if (at >= 0) {
                int space = line.indexOf(' ', at + 2);
                early.add(line.substring(at + 2, space < 0 ? line.length() : space));
            }
        }
    }

    @Override
    public void probe(Rig rig) throws Exception {
        try (Member listener = join(rig, rig.roomMemberLink()); Conn speaker = rig.open(rig.roomMemberLink())) {
            speaker.expectLine("the welcome");
            String text = rig.uniqueName("probe");
            speaker.writeLine(text);
            listener.awaitEnding("> " + text, rig.answerBound());
        }
    }
}
