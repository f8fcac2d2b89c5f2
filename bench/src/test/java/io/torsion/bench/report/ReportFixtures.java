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
}
