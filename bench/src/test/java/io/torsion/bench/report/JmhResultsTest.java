package io.torsion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JmhResultsTest {

    @Test
    void allocationPerOperationIsJoinedToItsBenchmark(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("jmh.csv");
        Files.writeString(csv, String.join("\n",
                "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: burst\"",
                "\"io.torsion.bench.jmh.WriteQueueBenchmark.appendThenDrain\",\"avgt\",1,5,812.5,12.25,\"ns/op\",64:16",
                "\"io.torsion.bench.jmh.WriteQueueBenchmark.appendThenDrain:gc.alloc.rate\",\"avgt\",1,5,0.01,0.001,\"MB/sec\",64:16",
                "\"io.torsion.bench.jmh.WriteQueueBenchmark.appendThenDrain:gc.alloc.rate.norm\",\"avgt\",1,5,0.002,0.001,\"B/op\",64:16",
                "\"io.torsion.bench.jmh.TimerHeapBenchmark.resetIdleTimeout\",\"avgt\",1,5,95.0,NaN,\"ns/op\","));
        List<JmhResults.Row> rows = JmhResults.read(csv);
        assertEquals(2, rows.size());
        JmhResults.Row queue = rows.get(0);
        assertEquals("WriteQueueBenchmark.appendThenDrain", queue.benchmark());
        assertEquals("burst=64:16", queue.params());
        assertEquals(812.5, queue.score());
        assertEquals(0.002, queue.bytesPerOp().getAsDouble());
        assertTrue(rows.get(1).bytesPerOp().isEmpty());
        assertTrue(Double.isNaN(rows.get(1).error()));
    }

    @Test
    void quotedFieldsMayHoldCommas() {
        assertEquals(List.of("a,b", "c", ""), JmhResults.fields("\"a,b\",c,"));
    }
}
