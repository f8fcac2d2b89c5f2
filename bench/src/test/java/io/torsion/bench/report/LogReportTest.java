package io.torsion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LogReportTest {

    private static final List<String> RUNS = List.of(
            "log\ttorsion-epoll-et\t1\tok\tRESULT mode=log conns=1 lines_per_s=500 server_cpu_us_per_line=40 p99_us=2000 sync=fsync",
            "log\ttorsion-epoll-et\t1\tok\tRESULT mode=log conns=20 lines_per_s=6000 server_cpu_us_per_line=20 p99_us=9000 sync=fsync",
            "log\ttorsion-epoll-et\t1\tok\tRESULT mode=log conns=1 lines_per_s=9000 server_cpu_us_per_line=30 p99_us=400 sync=none",
            "log\ttwisted\t1\tok\tRESULT mode=log conns=1 lines_per_s=3000 server_cpu_us_per_line=40 p99_us=500 sync=none",
            "log\ttorsion-select\t1\tmissing\tsync=none conns=1 no reactor named 'select'",
            "log-strace\ttorsion-epoll-et\t1\tok\tRESULT conns=20 sync=fsync lines=1000 sync_calls=150");

    private static String report(String loadAtStart) {
        Map<String, String> notes = Map.of("load average at start of the log scenario", loadAtStart,
                "load average at end of the log scenario", "1.0 1.0 1.0", "runs", "1 rounds", "log files on", "ext4");
        Map<String, String> machine = Map.of("date", "2026-01-01 00:00 UTC", "cores (nproc)", "2");
        return new LogReport(RUNS.stream().map(ResultsFile::parse).toList(), notes, machine).write();
    }

    @Test
    void targetsSayPlainlyWhetherTheyWereMet() {
        String md = report("1.0 1.0 1.0");
        assertTrue(md.contains("20 clients ≥ 10× one client's acknowledged lines/s: met, 12.00×"), md);
        assertTrue(md.contains("fewer than 0.2 sync calls per line at 20 clients: met, 0.150"), md);
        assertTrue(md.contains("1 client: server CPU per line ≤ 0.5× Twisted's: **missed**, 0.75×"), md);
    }

    @Test
    void everyRunKeepsARowAndAServerThatDidNotStartSaysWhy() {
        String md = report("1.0 1.0 1.0");
        assertTrue(md.contains("| 20 | yes | torsion-epoll-et | 6,000 | 20.0 | 9.00 | 0.150 |"), md);
        assertTrue(md.contains("| 1 | no | torsion-select | missing: sync=none conns=1 no reactor named 'select' |"), md);
    }

    @Test
    void aBusyMachineIsSaidSo() {
        assertTrue(report("9.5 8.0 7.0").contains("the machine was busy"));
        assertFalse(report("1.0 1.0 1.0").contains("the machine was busy"));
    }

    @Test
    void theSectionIsReplacedInPlaceOrAppended() {
        String first = LogReport.splice("# results\n\nbefore\n", LogReport.BEGIN + "\nold\n" + LogReport.END);
        assertEquals("# results\n\nbefore\n\n" + LogReport.BEGIN + "\nold\n" + LogReport.END + "\n", first);
        String second = LogReport.splice(first + "after\n", LogReport.BEGIN + "\nnew\n" + LogReport.END);
        assertEquals("# results\n\nbefore\n\n" + LogReport.BEGIN + "\nnew\n" + LogReport.END + "\nafter\n", second);
    }
}
