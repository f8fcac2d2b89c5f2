package io.torsion.bench.report;

import java.util.List;

/** Results lines as bench/run writes them, for the report tests. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static RunRecord echo(String scenario, String server, int round, double msgPerSecond, double p99) {
        return ResultsFile.parse(scenario + "\t" + server + "\t" + round + "\tok\tRESULT mode=echo conns=100 "
                + "msg_per_s=" + msgPerSecond + " p99_us=" + p99 + " error=0 load1=0.10");
    }

    static RunRecord missing(String scenario, String server, int round, String reason) {
        return ResultsFile.parse(scenario + "\t" + server + "\t" + round + "\tmissing\t" + reason);
    }

    /** Three rounds of the throughput scenario: epoll-et beats Netty epoll, epoll-lt is missing. */
    static Figures throughputRun() {
        return new Figures(List.of(
                echo("throughput", "torsion-epoll-et", 1, 1100, 90),
                missing("throughput", "torsion-epoll-lt", 1, "unknown reactor epoll-lt"),
                echo("throughput", "netty-epoll", 1, 1000, 100),
                echo("throughput", "torsion-epoll-et", 2, 1300, 80),
                missing("throughput", "torsion-epoll-lt", 2, "unknown reactor epoll-lt"),
                echo("throughput", "netty-epoll", 2, 900, 110),
                echo("throughput", "torsion-epoll-et", 3, 1200, 85),
                missing("throughput", "torsion-epoll-lt", 3, "unknown reactor epoll-lt"),
                echo("throughput", "netty-epoll", 3, 1000, 120)));
    }

    static RunRecord fanOut(String server, int round, double deliveriesPerSecond, double cpuPerDelivery) {
        return ResultsFile.parse("fanout100\t" + server + "\t" + round + "\tok\tRESULT mode=chat members=100 "
                + "lines_per_s=" + deliveriesPerSecond + " server_cpu_us_per_delivery=" + cpuPerDelivery
                + " p99_us=900 error=0 load1=0.10");
    }

    /**
     * A fan-out run of 100 members: two rounds per server and the strace run (round 0, its own
     * keys); epoll-et beats Netty per delivery, Twisted delivers a third as many.
     */
    static Figures fanOutRun() {
        return new Figures(List.of(
                fanOut("torsion-epoll-et", 1, 1_000_000, 0.8),
                fanOut("netty-epoll", 1, 900_000, 1.0),
                fanOut("twisted", 1, 300_000, 2.5),
                fanOut("torsion-epoll-et", 2, 1_200_000, 0.6),
                fanOut("netty-epoll", 2, 1_100_000, 1.0),
                fanOut("twisted", 2, 500_000, 2.5),
                ResultsFile.parse("fanout100\ttorsion-epoll-et\t0\tok\tRESULT strace_deliveries=1000 "
                        + "strace_calls=150 strace_sends=125 syscalls_per_delivery=0.150 sends_per_delivery=0.125 "
                        + "error=0")));
    }
}
