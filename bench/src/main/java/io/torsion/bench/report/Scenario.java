package io.torsion.bench.report;

import java.util.Arrays;
import java.util.Optional;

/**
 * The scenarios bench/run measures, by the id the runner writes, with the figure each one is judged
 * by. The ids must match the runner's.
 */
enum Scenario {
    LATENCY("latency", "1 conn × depth 1 × 64 B (latency)", Metric.MESSAGES_PER_SECOND),
    CONN100("conn100", "100 conns × depth 1 × 64 B", Metric.MESSAGES_PER_SECOND),
    THROUGHPUT("throughput", "100 conns × depth 16 × 64 B (throughput)", Metric.MESSAGES_PER_SECOND),
    BULK("bulk", "10 conns × depth 1 × 16 KiB (bulk)", Metric.MESSAGES_PER_SECOND),
    IDLE("idle", "idle connections held, server RSS per connection", Metric.RSS_PER_CONNECTION),
    FANOUT100("fanout100", "fan-out: chat room, 1 sender, 100 members", Metric.SERVER_CPU_PER_DELIVERY),
    FANOUT1000("fanout1000", "fan-out: chat room, 1 sender, 1,000 members", Metric.SERVER_CPU_PER_DELIVERY),
    ALLOC("alloc", "allocation on the event-loop thread, 100 × 16 × 64 B echo", Metric.BYTES_PER_MESSAGE),
    UDP64("udp64", "UDP echo: 50 senders × 4 in flight × 64 B", Metric.SERVER_CPU_PER_MESSAGE),
    UDP1400("udp1400", "UDP echo: 50 senders × 2 in flight × 1,400 B", Metric.SERVER_CPU_PER_MESSAGE),
    UNIX_THROUGHPUT("unix-throughput", "Unix socket echo: 100 conns × depth 16 × 64 B",
            Metric.SERVER_CPU_PER_MESSAGE),
    UNIX_BULK("unix-bulk", "Unix socket echo: 10 conns × depth 1 × 16 KiB", Metric.SERVER_CPU_PER_MESSAGE),
    TLS_THROUGHPUT("tls-throughput", "TLS 1.3 echo: 100 conns × depth 16 × 64 B", Metric.MESSAGES_PER_SECOND),
    TLS_BULK("tls-bulk", "TLS 1.3 echo: 10 conns × depth 1 × 16 KiB", Metric.MESSAGES_PER_SECOND),
    TLS_HANDSHAKE("tls-handshake", "TLS 1.3 full handshakes, 16 at a time", Metric.HANDSHAKES_PER_SECOND),
    TLS_ALLOC("tls-alloc", "allocation on the event-loop thread, TLS 1.3 100 × 16 × 64 B echo",
            Metric.BYTES_PER_MESSAGE);

    final String id;
    final String title;
    final Metric primary;

    Scenario(String id, String title, Metric primary) {
        this.id = id;
        this.title = title;
        this.primary = primary;
    }

    /**
     * Whether the run's latency distribution is worth reporting: idle runs have none, and the
     * allocation runs repeat the throughput load under a JFR recording.
     */
    boolean hasLatency() {
        return this != IDLE && !isAllocation() && this != TLS_HANDSHAKE;
    }

    /** A rerun of an echo load under a JFR recording, judged by bytes allocated per message. */
    boolean isAllocation() {
        return this == ALLOC || this == TLS_ALLOC;
    }

    /** The UDP echo scenarios: their baseline is Netty's epoll datagram channel with recvmmsg. */
    boolean isUdp() {
        return this == UDP64 || this == UDP1400;
    }

    /** The chat room scenarios, judged per line delivered to a member. */
    boolean isFanOut() {
        return this == FANOUT100 || this == FANOUT1000;
    }

    /** The scenarios judged by server CPU time, whose rate the headline gives as well. */
    boolean judgedByServerCpu() {
        return isUdp() || this == UNIX_THROUGHPUT || this == UNIX_BULK;
    }

    static Optional<Scenario> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    /** A figure of a run: the loadgen key it is read from, how to print it, which way is better. */
    enum Metric {
        MESSAGES_PER_SECOND("msg_per_s", "msg/s", true),
        LINES_PER_SECOND("lines_per_s", "lines/s delivered", true),
        RSS_PER_CONNECTION("rss_per_conn_b", "bytes RSS per connection", false),
        BYTES_PER_MESSAGE("alloc_bytes_per_msg", "bytes allocated per message on the loop thread", false),
        HANDSHAKES_PER_SECOND("handshakes_per_s", "handshakes/s", true),
        P99_MICROS("p99_us", "p99 µs", false),
        SERVER_CPU_PER_MESSAGE("server_cpu_us_per_msg", "µs server CPU per message (or datagram)", false),
        SERVER_CPU_PER_DELIVERY("server_cpu_us_per_delivery", "µs server CPU per delivery", false);

        final String key;
        final String unit;
        final boolean higherIsBetter;

        Metric(String key, String unit, boolean higherIsBetter) {
            this.key = key;
            this.unit = unit;
            this.higherIsBetter = higherIsBetter;
        }
    }
}
