package io.torsion.bench.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Writes RESULTS.md: the machine and settings, the headline ratios against Netty epoll and the
 * issue's targets, one table per scenario, the micro-benchmarks, and every run's raw figures.
 */
final class MarkdownReport {

    private static final String TARGET_BACKEND = "torsion-epoll-et";
    private static final String TWISTED = "twisted";

    private final Figures figures;
    private final Map<String, String> machine;
    private final List<JmhResults.Row> jmh;
    private final String chartFile;
    private final StringBuilder md = new StringBuilder();

    MarkdownReport(Figures figures, Map<String, String> machine, List<JmhResults.Row> jmh, String chartFile) {
        this.figures = figures;
        this.machine = machine;
        this.jmh = jmh;
        this.chartFile = chartFile;
    }

    String write() {
        md.append("# torsion bench results\n\n");
        if ("quick".equals(machine.get("mode"))) {
            md.append("**Quick run (BENCH_QUICK=1): one short round to check the harness. "
                    + "These figures are not a measurement.**\n\n");
        }
        md.append("Produced by `bench/run` on ").append(machine.getOrDefault("date", "?"))
                .append(". Every figure below comes from that one invocation; servers were run interleaved, "
                        + "one round of every server before the next round.\n\n");
        loadWarning();
        machineTable();
        headline();
        targets();
        md.append("## Chart\n\n![throughput and p99 per scenario and server](").append(chartFile).append(")\n\n");
        for (Scenario scenario : Scenario.values()) {
            if (figures.hasScenario(scenario)) {
                scenarioTable(scenario);
            }
        }
        microBenchmarks();
        rawRuns();
        method();
        return md.toString();
    }

    /**
     * Each run keeps one core busy with the server and one with the client, so a load average well
     * above the core count means other work shared the machine.
     */
    private void loadWarning() {
        Optional<Spread> load = figures.loadAverage();
        int cores = parseInt(machine.get("cores (nproc)"), 0);
        if (load.isEmpty() || cores == 0 || load.get().max() <= cores + 1) {
            return;
        }
        md.append("**The machine was busy with other work during this run:** the one-minute load average at the "
                + "start of a run ranged ").append(Format.number(load.get().min())).append("–")
                .append(Format.number(load.get().max())).append(" on ").append(cores)
                .append(" cores, while the bench itself accounts for about 2. Absolute figures are noisy; the "
                        + "ratios compare servers that shared the same conditions round by round.\n\n");
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException notANumber) {
            return otherwise;
        }
    }

    private void machineTable() {
        md.append("## Machine and settings\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(Format.cell(k)).append(" | ").append(Format.cell(v))
                .append(" |\n"));
        figures.loadAverage().ifPresent(load -> md.append("| load average (1 min) at the start of each run | ")
                .append(Format.spread(Optional.of(load))).append(" |\n"));
        md.append('\n');
    }

    private void headline() {
        List<String> torsion = figures.torsionServers();
        md.append("## Headline: torsion / Netty epoll (ratio of medians)\n\n");
        md.append("Throughput above 1.00× means torsion is faster; p99 latency and RSS below 1.00× mean torsion "
                + "is better.\n\n| scenario | figure |");
        torsion.forEach(s -> md.append(' ').append(s).append(" |"));
        md.append("\n|---|---|");
        torsion.forEach(s -> md.append("---|"));
        md.append('\n');
        for (Scenario scenario : Scenario.values()) {
            if (!figures.hasScenario(scenario) || scenario.isAllocation()) {
                continue;
            }
            if (scenario.isFanOut()) {
                headlineRow(scenario, Scenario.Metric.LINES_PER_SECOND, torsion);
            } else if (scenario.judgedByServerCpu()) {
                headlineRow(scenario, Scenario.Metric.MESSAGES_PER_SECOND, torsion);
            }
            headlineRow(scenario, scenario.primary, torsion);
            if (scenario.primary == Scenario.Metric.MESSAGES_PER_SECOND) {
                headlineRow(scenario, Scenario.Metric.SERVER_CPU_PER_MESSAGE, torsion);
            }
            if (scenario.hasLatency()) {
                headlineRow(scenario, Scenario.Metric.P99_MICROS, torsion);
            }
        }
        md.append('\n');
    }

    private void headlineRow(Scenario scenario, Scenario.Metric metric, List<String> torsion) {
        md.append("| ").append(scenario.title).append(" | ").append(metric.unit).append(" |");
        for (String server : torsion) {
            OptionalDouble r = figures.ratio(scenario, server, Figures.NETTY_EPOLL, metric.key);
            md.append(' ').append(r.isPresent() ? Format.ratio(r.getAsDouble())
                    : figures.absence(scenario, server).map(a -> a.split(":")[0]).orElse("no baseline")).append(" |");
        }
        md.append('\n');
    }

    private void targets() {
        md.append("## Targets (issue 5), for ").append(TARGET_BACKEND).append("\n\n");
        target("100 × 16 × 64 B throughput ≥ 1.0 × Netty epoll", Scenario.THROUGHPUT,
                Scenario.Metric.MESSAGES_PER_SECOND, 1.0);
        target("1 × 1 × 64 B p99 latency ≤ 1.1 × Netty epoll", Scenario.LATENCY, Scenario.Metric.P99_MICROS, 1.1);
        target("idle connections: RSS per connection ≤ Netty epoll's", Scenario.IDLE,
                Scenario.Metric.RSS_PER_CONNECTION, 1.0);
        allocationTarget();
        if (figures.hasScenario(Scenario.TLS_THROUGHPUT)) {
            target("TLS 1.3 100 × 16 × 64 B: server CPU per message ≤ 1.0 × Netty epoll with the JDK's SslHandler",
                    Scenario.TLS_THROUGHPUT, Scenario.Metric.SERVER_CPU_PER_MESSAGE, 1.0);
        }
        md.append('\n');
        if (figures.hasScenario(Scenario.UDP64) || figures.hasScenario(Scenario.UDP1400)) {
            md.append("## Targets (issue 9, UDP), for ").append(TARGET_BACKEND)
                    .append(" against Netty epoll's datagram channel with recvmmsg\n\n");
            target("UDP 64 B echo: server CPU per datagram ≤ 0.9 × Netty epoll (batching on both)", Scenario.UDP64,
                    Scenario.Metric.SERVER_CPU_PER_MESSAGE, 0.9);
            md.append("- 0 bytes allocated per datagram on the reactor thread: measured by "
                    + "`DatagramAllocationTest` in `mvn verify` (per-thread allocation counter over 50,000 echoed "
                    + "datagrams, both trigger modes), not by this run\n\n");
        }
        if (figures.hasScenario(Scenario.UNIX_THROUGHPUT) || figures.hasScenario(Scenario.UNIX_BULK)) {
            md.append("## Targets (issue 8, Unix sockets), for ").append(TARGET_BACKEND)
                    .append(" against Netty epoll's domain-socket channel\n\n");
            for (Scenario unix : List.of(Scenario.UNIX_THROUGHPUT, Scenario.UNIX_BULK)) {
                target(unix.title + ": server CPU per message ≤ Netty's", unix, Scenario.Metric.SERVER_CPU_PER_MESSAGE,
                        1.0);
            }
            md.append('\n');
        }
        if (figures.hasScenario(Scenario.FANOUT100) || figures.hasScenario(Scenario.FANOUT1000)) {
            md.append("## Targets (issue 15, fan-out), for ").append(TARGET_BACKEND).append("\n\n");
            for (Scenario fanOut : List.of(Scenario.FANOUT100, Scenario.FANOUT1000)) {
                target(fanOut.title + ": deliveries/s ≥ Netty epoll's", fanOut, Scenario.Metric.LINES_PER_SECOND, 1.0);
                target(fanOut.title + ": deliveries/s ≥ 2.5 × Twisted's", fanOut, Scenario.Metric.LINES_PER_SECOND,
                        TWISTED, 2.5);
                target(fanOut.title + ": server CPU per delivery ≤ Netty epoll's", fanOut,
                        Scenario.Metric.SERVER_CPU_PER_DELIVERY, 1.0);
            }
            md.append('\n');
        }
    }

    /** Zero within what a stray allocation (a log line, a timer) spread over millions of messages adds. */
    private static final double ZERO_BYTES_PER_MESSAGE = 0.5;

    private void allocationTarget() {
        md.append("- steady-state echo, 0 bytes allocated per message on the reactor thread: ");
        Optional<Spread> bytes = figures.spread(Scenario.ALLOC, TARGET_BACKEND, Scenario.Metric.BYTES_PER_MESSAGE.key);
        if (bytes.isEmpty()) {
            md.append("**not measured** (").append(Format.cell(figures.absence(Scenario.ALLOC, TARGET_BACKEND)
                    .orElse("no JFR samples"))).append(")\n");
            return;
        }
        double median = bytes.get().median();
        md.append(median < ZERO_BYTES_PER_MESSAGE ? "met" : "**MISSED**").append(" (")
                .append(Format.number(median)).append(" bytes per message, median of the rounds)\n");
    }

    private void target(String text, Scenario scenario, Scenario.Metric metric, double bound) {
        target(text, scenario, metric, Figures.NETTY_EPOLL, bound);
    }

    private void target(String text, Scenario scenario, Scenario.Metric metric, String baseline, double bound) {
        OptionalDouble r = figures.ratio(scenario, TARGET_BACKEND, baseline, metric.key);
        md.append("- ").append(text).append(": ");
        if (r.isEmpty()) {
            String why = figures.absence(scenario, TARGET_BACKEND)
                    .or(() -> figures.absence(scenario, baseline).map(a -> baseline + " " + a))
                    .orElse("no figures");
            md.append("**not measured** (").append(Format.cell(why)).append(")\n");
            return;
        }
        double ratio = r.getAsDouble();
        boolean met = metric.higherIsBetter ? ratio >= bound : ratio <= bound;
        md.append(met ? "met" : "**MISSED**").append(" (").append(Format.ratio(ratio)).append(")\n");
    }

    private void scenarioTable(Scenario scenario) {
        md.append("## ").append(scenario.title).append("\n\n");
        switch (scenario) {
            case IDLE -> idleTable();
            case FANOUT100, FANOUT1000 -> fanOutTable(scenario);
            case ALLOC, TLS_ALLOC -> allocationTable(scenario);
            case TLS_HANDSHAKE -> handshakeTable();
            case UDP64, UDP1400 -> udpTable(scenario);
            default -> {
                echoTable(scenario);
                loopsTable(scenario);
            }
        }
        md.append('\n');
    }

    private void echoTable(Scenario scenario) {
        md.append("| server | msg/s | MB/s each way | p50 µs | p99 µs | p99.9 µs | client CPU % | server CPU % "
                + "| vs Netty epoll |\n|---|---|---|---|---|---|---|---|---|\n");
        figureRows(scenario, List.of("msg_per_s", "mb_per_s", "p50_us", "p99_us", "p999_us", "client_cpu_pct",
                "server_cpu_pct"), Figures.NETTY_EPOLL, "msg_per_s");
        clientBoundNote(scenario);
        String against = switch (scenario) {
            case TLS_THROUGHPUT, TLS_BULK -> "against Netty epoll with the JDK's SslHandler";
            case UNIX_THROUGHPUT, UNIX_BULK -> "against Netty epoll's `EpollServerDomainSocketChannel`";
            default -> "against Netty epoll";
        };
        // On a machine shared with other work a server's rate follows the share of a core it got;
        // its CPU time per message much less so.
        md.append("\nServer CPU per message (µs: the server process's CPU time over the measured window, every "
                + "thread, divided by the messages echoed in it; lower is better), ").append(against)
                .append(":\n\n| server | server CPU µs per message | vs Netty epoll |\n|---|---|---|\n");
        figureRows(scenario, List.of("server_cpu_us_per_msg"), Figures.NETTY_EPOLL, "server_cpu_us_per_msg");
    }

    /**
     * A run with {@code bench/run --loops N}: every server on one loop and on N, side by side,
     * the N-loop figure over the one-loop figure of the same server in the same run.
     */
    private void loopsTable(Scenario scenario) {
        List<String[]> pairs = figures.loopPairs();
        if (pairs.isEmpty()) {
            return;
        }
        md.append("\nEach server on one loop and on several, in the same run against the same load client "
                + "(server CPU per message: the server process's CPU time over the measured window, every "
                + "thread, divided by the messages echoed in it):\n\n"
                + "| server | loops | msg/s | µs server CPU per message | p99 µs | client CPU % | server CPU % "
                + "| msg/s vs 1 loop | CPU/message vs 1 loop |\n|---|---|---|---|---|---|---|---|---|\n");
        List<String> keys = List.of("msg_per_s", "server_cpu_us_per_msg", "p99_us", "client_cpu_pct", "server_cpu_pct");
        for (String[] pair : pairs) {
            for (int i = 0; i < 2; i++) {
                String server = pair[i];
                if (absentRow(scenario, server, keys.size() + 3)) {
                    continue;
                }
                md.append("| ").append(pair[0]).append(" | ").append(i == 0 ? "1" : Figures.loopsOf(server));
                for (String key : keys) {
                    md.append(" | ").append(Format.spread(figures.spread(scenario, server, key)));
                }
                md.append(" | ").append(i == 0 ? "1.00×" : ratioCell(scenario, server, pair[0], "msg_per_s"))
                        .append(" | ").append(i == 0 ? "1.00×" : ratioCell(scenario, server, pair[0],
                                "server_cpu_us_per_msg"))
                        .append(failures(scenario, server)).append(" |\n");
            }
        }
    }

    private void handshakeTable() {
        md.append("Each connection does one full handshake (no session resumption), sends close_notify and is "
                + "replaced by a new one.\n\n| server | handshakes/s | client CPU % | server CPU % | vs Netty epoll |\n"
                + "|---|---|---|---|---|\n");
        figureRows(Scenario.TLS_HANDSHAKE, List.of("handshakes_per_s", "client_cpu_pct", "server_cpu_pct"),
                Figures.NETTY_EPOLL, "handshakes_per_s");
    }

    private void udpTable(Scenario scenario) {
        md.append("Server CPU per datagram is the server process's CPU time over the measured window divided by "
                + "the datagrams echoed in it (lower is better). `netty-epoll` reads with recvmmsg "
                + "(`MAX_DATAGRAM_PAYLOAD_SIZE` 2048), `netty-epoll-nommsg` one datagram per recvmsg; both flush "
                + "once per read batch. A datagram unanswered within 200 ms counts as lost.\n\n");
        md.append("| server | datagrams/s | µs server CPU per datagram | p50 µs | p99 µs | lost | client CPU % "
                + "| server CPU % | CPU/datagram vs Netty epoll |\n|---|---|---|---|---|---|---|---|---|\n");
        figureRows(scenario, List.of("msg_per_s", "server_cpu_us_per_msg", "p50_us", "p99_us", "lost",
                "client_cpu_pct", "server_cpu_pct"), Figures.NETTY_EPOLL, "server_cpu_us_per_msg");
    }

    /** A client near a full core may be what limits a server's figures; say so where it happened. */
    private static final double CLIENT_BOUND_PERCENT = 90;

    private void clientBoundNote(Scenario scenario) {
        List<String> bound = figures.servers().stream()
                .filter(server -> figures.spread(scenario, server, "client_cpu_pct")
                        .map(s -> s.median() >= CLIENT_BOUND_PERCENT).orElse(false))
                .toList();
        if (!bound.isEmpty()) {
            md.append("\nThe load client used ").append((int) CLIENT_BOUND_PERCENT).append("% or more of its core "
                    + "against ").append(String.join(", ", bound)).append(": on loopback the sender of each "
                    + "segment pays for the kernel's TCP work on both ends, so client and server do similar work per "
                    + "message, and these figures measure the pair more than the server alone.\n");
        }
    }

    private void idleTable() {
        md.append("Live heap per connection: the bytes of live objects (`jcmd GC.class_histogram`, after a full GC) "
                + "while the connections are held, less those before any connected, divided by the connections.\n\n");
        md.append("| server | connections | live heap per conn (B) | RSS per conn after hold (B) "
                + "| RSS per conn right after connect (B) | RSS before (KiB) | RSS after hold (KiB) | setup s "
                + "| vs Netty epoll (RSS) |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        figureRows(Scenario.IDLE, List.of("conns", "live_heap_per_conn_b", "rss_per_conn_b", "rss_per_conn_connected_b",
                "rss_base_kib", "rss_held_kib", "setup_s"), Figures.NETTY_EPOLL, "rss_per_conn_b");
    }

    private void fanOutTable(Scenario scenario) {
        md.append("One sender keeps a window of 64 B lines in flight; every other member must receive each line. "
                + "A delivery is one line reaching one member. Ranked by server CPU per delivery (the server "
                + "process's CPU time over the measured window, every thread, divided by the deliveries in it). "
                + "The fan-out latency is the time from sending a line until the last member has it. System "
                + "calls come from a separate short run with the server under `strace -f -c` (every thread of the "
                + "server process, JIT and GC included; strace slows the server, so no rate is taken from it): "
                + "all calls, and the send calls (`sendmsg`, `sendto`, `write`, `writev`, `sendmmsg`) alone.\n\n");
        md.append("| server | µs server CPU per delivery | deliveries/s | fan-out p50 µs | fan-out p99 µs "
                + "| client CPU % | µs client CPU per delivery | server CPU % | system calls per delivery "
                + "| send calls per delivery | CPU/delivery vs Netty epoll | deliveries/s vs Twisted |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> keys = List.of("server_cpu_us_per_delivery", "lines_per_s", "p50_us", "p99_us", "client_cpu_pct",
                "client_cpu_us_per_delivery", "server_cpu_pct", "syscalls_per_delivery", "sends_per_delivery");
        for (String server : figures.rankedBy(scenario, "server_cpu_us_per_delivery")) {
            if (absentRow(scenario, server, keys.size() + 2)) {
                continue;
            }
            md.append("| ").append(server);
            for (String key : keys) {
                md.append(" | ").append(Format.spread(figures.spread(scenario, server, key)));
            }
            md.append(" | ").append(ratioCell(scenario, server, Figures.NETTY_EPOLL, "server_cpu_us_per_delivery"))
                    .append(" | ").append(ratioCell(scenario, server, TWISTED, "lines_per_s"))
                    .append(failures(scenario, server)).append(" |\n");
        }
    }

    private String ratioCell(Scenario scenario, String server, String baseline, String key) {
        OptionalDouble r = figures.ratio(scenario, server, baseline, key);
        return r.isPresent() ? Format.ratio(r.getAsDouble()) : "–";
    }

    /**
     * One row per server: the spread of each figure in {@code keys}, then the ratio of
     * {@code ratioKey} to {@code baseline}'s; a server without figures gets a row saying why.
     */
    private void figureRows(Scenario scenario, List<String> keys, String baseline, String ratioKey) {
        for (String server : figures.servers()) {
            if (absentRow(scenario, server, keys.size() + 1)) {
                continue;
            }
            md.append("| ").append(server);
            for (String key : keys) {
                md.append(" | ").append(Format.spread(figures.spread(scenario, server, key)));
            }
            OptionalDouble r = figures.ratio(scenario, server, baseline, ratioKey);
            md.append(" | ").append(r.isPresent() ? Format.ratio(r.getAsDouble()) : "–")
                    .append(failures(scenario, server)).append(" |\n");
        }
    }

    private void allocationTable(Scenario scenario) {
        md.append("The throughput load again, with the server recording its threads' allocation counters in JFR "
                + "(`jdk.ThreadAllocationStatistics`, exact, every 500 ms): bytes allocated on the event-loop thread "
                + "over the measured window, divided by the messages echoed in it.\n\n");
        md.append("| server | bytes per message | msg/s while recording | thread |\n|---|---|---|---|\n");
        for (String server : figures.servers()) {
            if (absentRow(scenario, server, 3)) {
                continue;
            }
            String thread = figures.runs(scenario, server).stream()
                    .map(r -> r.values().getOrDefault("alloc_thread", "no samples")).findFirst().orElse("");
            md.append("| ").append(server)
                    .append(" | ").append(Format.spread(figures.spread(scenario, server, "alloc_bytes_per_msg")))
                    .append(" | ").append(Format.spread(figures.spread(scenario, server, "msg_per_s")))
                    .append(" | ").append(thread).append(failures(scenario, server)).append(" |\n");
        }
    }

    /** Writes the row of a server without figures, saying why; returns whether it did. */
    private boolean absentRow(Scenario scenario, String server, int columns) {
        Optional<String> absence = figures.absence(scenario, server);
        if (absence.isEmpty()) {
            return false;
        }
        md.append("| ").append(server).append(" | *").append(Format.cell(absence.get())).append('*');
        md.append(" |".repeat(columns)).append('\n');
        return true;
    }

    private String failures(Scenario scenario, String server) {
        long failed = figures.failedRounds(scenario, server);
        return failed == 0 ? "" : " (" + failed + " round(s) failed, see raw runs)";
    }

    private void microBenchmarks() {
        md.append("## Micro-benchmarks (JMH, `-prof gc`)\n\n");
        if (jmh.isEmpty()) {
            md.append("*Not run or no results* (BENCH_JMH=0, or the JMH run failed: see the runner's log).\n\n");
            return;
        }
        md.append("| benchmark | parameters | score | ± error | unit | bytes allocated per op |\n"
                + "|---|---|---|---|---|---|\n");
        for (JmhResults.Row row : jmh) {
            md.append("| ").append(row.benchmark()).append(" | ").append(row.params()).append(" | ")
                    .append(Format.number(row.score())).append(" | ")
                    .append(Double.isNaN(row.error()) ? "–" : Format.number(row.error())).append(" | ")
                    .append(row.unit()).append(" | ")
                    .append(row.bytesPerOp().isPresent() ? Format.number(row.bytesPerOp().getAsDouble()) : "–")
                    .append(" |\n");
        }
        md.append('\n');
    }

    private void rawRuns() {
        md.append("## Every run\n\n| scenario | round | server | status | figures |\n|---|---|---|---|---|\n");
        for (Scenario scenario : Scenario.values()) {
            for (String server : figures.servers()) {
                for (RunRecord run : figures.runs(scenario, server)) {
                    md.append("| ").append(scenario.id).append(" | ").append(run.round()).append(" | ")
                            .append(server).append(" | ").append(run.status().name().toLowerCase()).append(" | ")
                            .append(Format.cell(run.status() == RunRecord.Status.OK ? raw(run) : run.reason()))
                            .append(" |\n");
                }
            }
        }
        md.append('\n');
    }

    private static String raw(RunRecord run) {
        StringBuilder out = new StringBuilder();
        run.values().forEach((k, v) -> {
            if (!k.equals("mode") && !k.equals("error")) {
                out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v);
            }
        });
        return out.toString();
    }

    private void method() {
        md.append("""
                ## Method

                - Servers: torsion's real `echo` app (`--no-greeting`) and `chatroom` app on each backend; Netty \
                echo servers (`io.torsion.bench.netty.NettyEchoServer`) on the native epoll and the NIO \
                transport; for the fan-out scenarios a Netty epoll chat room (`NettyChatServer`: one buffer per \
                line, written to every member, the room flushed once per read batch) and a Twisted \
                `LineReceiver` chat room (`twisted_chat_server.py`, Debian's `python3-twisted`). Every server \
                has exactly one event-loop thread that both accepts and serves.
                - Each run starts a fresh server process on port 0, reads the port from its ready line, runs the \
                load client, and stops the server by its pid.
                - Load client: `bench/src/main/c/loadgen.c`, compiled by the run with `gcc -O2`; one epoll \
                thread; every echoed byte is compared with a deterministic pattern; latency is the round trip \
                of each message (log-linear histogram, < 1% bucket error); its own CPU comes from getrusage, \
                the server's from /proc/PID/stat (all threads, including JIT and GC).
                - Idle connections: each connection is proven served by a one-byte echo before it counts; the \
                server's VmRSS is read before connecting, after connecting and after the hold; per-connection \
                figures are (RSS − RSS before) / connections.
                - Chat room: the members join first (each waits for its welcome), then the sender joins and \
                keeps a window of lines in flight that have not yet reached every member; members verify every \
                line's sequence and text.
                - Allocation: the servers run the throughput load with a JFR recording of per-thread allocation \
                counters; torsion's reactor runs on the `main` thread, Netty's loop on `netty-echo-loop-*`.
                - Median and min–max are over the rounds. Ratios are ratios of medians.
                """);
    }
}
