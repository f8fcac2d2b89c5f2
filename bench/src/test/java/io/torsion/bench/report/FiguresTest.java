package io.torsion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FiguresTest {

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        Spread s = Spread.of(3.0, 1.0, 2.0).orElseThrow();
        assertEquals(2.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(3.0, s.max());
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Spread.of(4.0, 1.0, 2.0, 3.0).orElseThrow().median());
    }

    @Test
    void noValuesGiveNoSpread() {
        assertTrue(Spread.of(List.of()).isEmpty());
    }

    @Test
    void ratioToNettyIsTheRatioOfMedians() {
        Figures figures = ReportFixtures.throughputRun();
        assertEquals(1.2, figures.ratio(Scenario.THROUGHPUT, "torsion-epoll-et", Figures.NETTY_EPOLL, "msg_per_s")
                .getAsDouble(), 1e-9);
        assertEquals(85.0 / 110.0, figures.ratio(Scenario.THROUGHPUT, "torsion-epoll-et", Figures.NETTY_EPOLL, "p99_us")
                .getAsDouble(), 1e-9);
    }

    @Test
    void aServerThatNeverStartedIsReportedWithItsReason() {
        Figures figures = ReportFixtures.throughputRun();
        assertEquals(Optional.of("missing: unknown reactor epoll-lt"),
                figures.absence(Scenario.THROUGHPUT, "torsion-epoll-lt"));
        assertEquals(Optional.empty(), figures.absence(Scenario.THROUGHPUT, "torsion-epoll-et"));
        assertEquals(List.of("torsion-epoll-et", "torsion-epoll-lt", "netty-epoll"), figures.servers());
    }

    @Test
    void negativeFiguresMeanUnknownAndAreLeftOut() {
        RunRecord run = ResultsFile.parse("idle\tnetty-epoll\t1\tok\tRESULT mode=idle rss_per_conn_b=-1 conns=10");
        assertTrue(run.number("rss_per_conn_b").isEmpty());
        assertEquals(10.0, run.number("conns").getAsDouble());
    }
}
