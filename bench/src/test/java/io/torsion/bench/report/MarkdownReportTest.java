package io.torsion.bench.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MarkdownReportTest {

    private static String report(Figures figures, String mode) {
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("date", "2026-01-01 00:00 UTC");
        machine.put("mode", mode);
        machine.put("cores (nproc)", "2");
        return new MarkdownReport(figures, machine, List.of(), "results.svg").write();
    }

    @Test
    void headlineGivesEachTorsionBackendsRatioToNettyEpoll() {
        String md = report(ReportFixtures.throughputRun(), "full");
        assertTrue(md.contains("| 100 conns × depth 16 × 64 B (throughput) | msg/s | 1.20× | missing |"), md);
    }

    @Test
    void targetsSayPlainlyWhetherTheyWereMet() {
        String md = report(ReportFixtures.throughputRun(), "full");
        assertTrue(md.contains("throughput ≥ 1.0 × Netty epoll: met (1.20×)"), md);
        assertTrue(md.contains("p99 latency ≤ 1.1 × Netty epoll: **not measured**"), md);
    }

    @Test
    void missingServersKeepARowWithTheReason() {
        String md = report(ReportFixtures.throughputRun(), "full");
        assertTrue(md.contains("| torsion-epoll-lt | *missing: unknown reactor epoll-lt* |"), md);
    }

    @Test
    void medianAndRangeAreShownPerServer() {
        String md = report(ReportFixtures.throughputRun(), "full");
        assertTrue(md.contains("| torsion-epoll-et | 1,200 (1,100–1,300) |"), md);
    }

    @Test
    void aBusyMachineIsCalledOut() {
        Figures busy = new Figures(List.of(ResultsFile.parse(
                "latency\tnetty-epoll\t1\tok\tRESULT mode=echo msg_per_s=10 p99_us=5 error=0 load1=7.5")));
        assertTrue(report(busy, "full").contains("busy with other work"));
        assertTrue(!report(ReportFixtures.throughputRun(), "full").contains("busy with other work"));
    }

    @Test
    void aClientNearAFullCoreIsPointedOut() {
        Figures pair = new Figures(List.of(ResultsFile.parse(
                "conn100\tnetty-epoll\t1\tok\tRESULT mode=echo msg_per_s=10 p99_us=5 client_cpu_pct=97.0 error=0")));
        assertTrue(report(pair, "full").contains("core against netty-epoll"));
        assertTrue(!report(ReportFixtures.throughputRun(), "full").contains("core against"));
    }

    @Test
    void aQuickRunIsMarkedAsNotAMeasurement() {
        assertTrue(report(ReportFixtures.throughputRun(), "quick").contains("not a measurement"));
        assertTrue(!report(ReportFixtures.throughputRun(), "full").contains("not a measurement"));
    }

    @Test
    void fanOutRowsAreRankedByServerCpuPerDeliveryWithTheStraceCounts() {
        String md = report(ReportFixtures.fanOutRun(), "full");
        int et = md.indexOf("| torsion-epoll-et | 0.70 (0.60–0.80) | 1,100,000 (1,000,000–1,200,000) |");
        int netty = md.indexOf("| netty-epoll | 1.00 (1.00–1.00) |");
        int twisted = md.indexOf("| twisted | 2.50 (2.50–2.50) |");
        assertTrue(et > 0 && et < netty && netty < twisted, md);
        assertTrue(md.contains("| 0.15 | 0.13 | 0.70× | 2.75× |"), md);
    }

    @Test
    void fanOutTargetsCompareWithNettyAndTwisted() {
        String md = report(ReportFixtures.fanOutRun(), "full");
        assertTrue(md.contains("100 members: deliveries/s ≥ Netty epoll's: met (1.10×)"), md);
        assertTrue(md.contains("100 members: deliveries/s ≥ 2.5 × Twisted's: met (2.75×)"), md);
        assertTrue(md.contains("100 members: server CPU per delivery ≤ Netty epoll's: met (0.70×)"), md);
        assertTrue(md.contains("1,000 members: deliveries/s ≥ Netty epoll's: **not measured** (not run)"), md);
    }

    @Test
    void aLoopsRunSetsEachServersSeveralLoopsBesideItsOne() {
        Figures loops = new Figures(List.of(
                ResultsFile.parse("throughput\ttorsion-epoll-et\t1\tok\tRESULT mode=echo msg_per_s=1000 "
                        + "server_cpu_us_per_msg=0.50 p99_us=5 error=0"),
                ResultsFile.parse("throughput\ttorsion-epoll-et-2loops\t1\tok\tRESULT mode=echo msg_per_s=1500 "
                        + "server_cpu_us_per_msg=0.60 p99_us=5 error=0")));
        String md = report(loops, "full");
        assertTrue(md.contains("| torsion-epoll-et | 2 | 1,500 | 0.60 | 5.00 | – | – | 1.50× | 1.20× |"), md);
        assertTrue(md.contains("| torsion-epoll-et | 1 | 1,000 | 0.50 |"), md);
    }
}
