package io.torsion.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** All runs of one bench invocation, grouped by scenario and server, with their spreads. */
final class Figures {

    static final String NETTY_EPOLL = "netty-epoll";

    private final Map<String, Map<String, List<RunRecord>>> runs = new LinkedHashMap<>();
    private final Set<String> servers = new LinkedHashSet<>();

    Figures(List<RunRecord> records) {
        for (RunRecord run : records) {
            servers.add(run.server());
            runs.computeIfAbsent(run.scenario(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(run.server(), s -> new ArrayList<>()).add(run);
        }
    }

    /** Every server that appears, in the order the runner first ran it. */
    List<String> servers() {
        return List.copyOf(servers);
    }

    /**
     * The servers of a scenario, those with figures by the median of {@code key}, lowest first,
     * then those without (in the runner's order).
     */
    List<String> rankedBy(Scenario scenario, String key) {
        List<String> ranked = new ArrayList<>(servers.stream().filter(s -> !runs(scenario, s).isEmpty()).toList());
        ranked.sort(Comparator.comparingDouble(
                s -> spread(scenario, s, key).map(Spread::median).orElse(Double.MAX_VALUE)));
        return ranked;
    }

    /** A server run on several loops is named {@code SERVER-Nloops}; this is N, or "1". */
    static String loopsOf(String server) {
        Matcher m = LOOPS.matcher(server);
        return m.matches() ? m.group(2) : "1";
    }

    private static final Pattern LOOPS = Pattern.compile("(.*)-([0-9]+)loops");

    /** Each server that also ran on several loops, with that variant: {one loop, N loops}. */
    List<String[]> loopPairs() {
        List<String[]> pairs = new ArrayList<>();
        for (String server : servers) {
            Matcher m = LOOPS.matcher(server);
            if (m.matches() && servers.contains(m.group(1))) {
                pairs.add(new String[] {m.group(1), server});
            }
        }
        return pairs;
    }

    List<String> torsionServers() {
        return servers.stream().filter(s -> s.startsWith("torsion-")).toList();
    }

    boolean hasScenario(Scenario scenario) {
        return runs.containsKey(scenario.id);
    }

    List<RunRecord> runs(Scenario scenario, String server) {
        return runs.getOrDefault(scenario.id, Map.of()).getOrDefault(server, List.of());
    }

    /** Median and range of {@code key} over the rounds of a server that finished. */
    Optional<Spread> spread(Scenario scenario, String server, String key) {
        List<Double> values = new ArrayList<>();
        for (RunRecord run : runs(scenario, server)) {
            if (run.status() == RunRecord.Status.OK) {
                OptionalDouble value = run.number(key);
                value.ifPresent(values::add);
            }
        }
        return Spread.of(values);
    }

    /** The ratio of medians {@code server / baseline} for {@code key}, when both have figures. */
    OptionalDouble ratio(Scenario scenario, String server, String baseline, String key) {
        Optional<Spread> mine = spread(scenario, server, key);
        Optional<Spread> theirs = spread(scenario, baseline, key);
        if (mine.isEmpty() || theirs.isEmpty() || theirs.get().median() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(mine.get().median() / theirs.get().median());
    }

    /**
     * Why a server has no figures in a scenario ("missing: ...", "failed: ...", "n/a: ..."), or
     * empty when at least one round finished. Failed rounds beside good ones are counted instead.
     */
    Optional<String> absence(Scenario scenario, String server) {
        List<RunRecord> all = runs(scenario, server);
        if (all.isEmpty()) {
            return Optional.of("not run");
        }
        if (all.stream().anyMatch(r -> r.status() == RunRecord.Status.OK)) {
            return Optional.empty();
        }
        RunRecord first = all.get(0);
        String word = switch (first.status()) {
            case MISSING -> "missing";
            case FAILED -> "failed";
            case NOT_APPLICABLE -> "n/a";
            case OK -> "ok";
        };
        return Optional.of(word + (first.reason().isEmpty() ? "" : ": " + first.reason()));
    }

    /**
     * The machine's one-minute load average as sampled when each finished run started: a run on a
     * machine that was busy with other work is noisy, and the report says so.
     */
    Optional<Spread> loadAverage() {
        List<Double> values = new ArrayList<>();
        for (Map<String, List<RunRecord>> byServer : runs.values()) {
            for (List<RunRecord> list : byServer.values()) {
                for (RunRecord run : list) {
                    run.number("load1").ifPresent(values::add);
                }
            }
        }
        return Spread.of(values);
    }

    /** How many rounds of this server in this scenario did not finish. */
    long failedRounds(Scenario scenario, String server) {
        return runs(scenario, server).stream().filter(r -> r.status() == RunRecord.Status.FAILED).count();
    }
}
