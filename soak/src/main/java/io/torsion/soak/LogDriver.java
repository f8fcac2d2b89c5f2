package io.torsion.soak;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * log: writers that send a window of lines and wait for an {@code OK} for each; once the server has
 * stopped, every acknowledged line must be in the file exactly once, and no line of a writer twice.
 */
final class LogDriver extends StreamApp {

    /** Lines each writer batch has had acknowledged, by batch number. */
    private final Map<Long, Integer> acknowledged = new ConcurrentHashMap<>();
    /** Lines each batch sent (acknowledged or not): none may be in the file twice, none past these. */
    private final Map<Long, Integer> sent = new ConcurrentHashMap<>();
    private volatile String tag;

    @Override
    public String app() {
        return "log";
    }

    @Override
    List<String> options(Workspace work) {
        return List.of("--file", work.dir().resolve("server.log").toString());
    }

    @Override
    List<ClientKind> wellBehaved() {
        return List.of(ClientKind.wellBehaved("log-writer", 3, Duration.ofMillis(50), this::writer));
    }

    @Override
    Abuse.Script script() {
        return new Abuse.Script(() -> ("junk " + ThreadLocalRandom.current().nextLong() + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), Abuse.Prelude.NONE, MAX_LINE, 8 << 20);
    }

    /** Up to 50 lines {@code soak TAG BATCH SEQ text}, then an OK for each. */
    private void writer(Rig rig) throws Exception {
        String name = rig.uniqueName("w");
        tag = name.substring(1, name.indexOf('-'));
        long batch = Long.parseLong(name.substring(name.indexOf('-') + 1));
        int n = rig.random().nextInt(1, 51);
        try (Conn conn = rig.open(rig.anyLink())) {
            sent.put(batch, n);
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < n; i++) {
                lines.append("soak ").append(tag).append(' ').append(batch).append(' ').append(i).append(' ')
                        .append(text(rig, rig.random().nextInt(0, 120))).append("\r\n");
            }
            conn.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < n; i++) {
                String answer = conn.expectLine("OK for line " + i);
                if (!answer.equals("OK")) {
                    throw new IllegalStateException("log answered \"" + answer + "\" to line " + i);
                }
                acknowledged.merge(batch, 1, Integer::sum);
                rig.tally().count("log lines acknowledged");
            }
        }
    }

    @Override
    public void probe(Rig rig) throws Exception {
        try (Conn conn = rig.open(rig.anyLink())) {
            conn.writeLine("probe");
            String answer = conn.expectLine("OK for the probe");
            if (!answer.equals("OK")) {
                throw new IllegalStateException("log answered the probe \"" + answer + "\"");
            }
        }
    }

    /** Reads the file the stopped server closed: each acknowledged line once, no line twice, none torn. */
    @Override
    public List<String> finalChecks(Rig rig, Workspace work) throws Exception {
        List<String> violations = new ArrayList<>();
        Map<Long, int[]> seen = new java.util.HashMap<>();
        String prefix = "soak " + tag + " ";
        long ours = 0;
        try (BufferedReader file = Files.newBufferedReader(work.dir().resolve("server.log"), StandardCharsets.UTF_8)) {
            for (String line = file.readLine(); line != null; line = file.readLine()) {
                int at = line.indexOf(" === ");
                if (at < 0 || !line.startsWith(prefix, at + 5)) {
                    continue;
                }
                String[] f = line.substring(at + 5 + prefix.length()).split(" ", 3);
                long batch = Long.parseLong(f[0]);
                int seq = Integer.parseInt(f[1]);
                Integer n = sent.get(batch);
                if (n == null || seq >= n) {
                    add(violations, "log file has a line no writer sent: " + line);
                    continue;
                }
                int[] counts = seen.computeIfAbsent(batch, b -> new int[n]);
                if (++counts[seq] == 2) {
                    add(violations, "log file has a line twice: " + line);
                }
                ours++;
            }
        }
        long missing = 0;
        for (Map.Entry<Long, Integer> batch : acknowledged.entrySet()) {
            int[] counts = seen.get(batch.getKey());
            for (int seq = 0; seq < batch.getValue(); seq++) {
                if (counts == null || counts[seq] == 0) {
                    missing++;
                    add(violations, "acknowledged line " + batch.getKey() + "/" + seq + " is not in the file");
                }
            }
        }
        rig.tally().add("log file lines of the writers", ours);
        rig.tally().add("log acknowledged lines missing from the file", missing);
        return violations;
    }

    private static void add(List<String> violations, String what) {
        if (violations.size() < 20) {
            violations.add(what);
        }
    }
}
