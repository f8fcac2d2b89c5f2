package io.torsion.bench.jmh;

import io.torsion.api.NetstringReceiver;
import io.torsion.api.testing.StringTransport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * NetstringReceiver decoding input that arrives in 1 KiB chunks: 1,024 strings of 64 bytes, or 4
 * strings of 16 KiB that each span 17 chunks. Scores are per string. Fed as
 * {@link LineReceiverBenchmark} feeds lines, for the same reason.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NetstringReceiverBenchmark {

    private static final int CHUNK = 1024;

    private ChunkFeeder shortStrings;
    private ChunkFeeder longStrings;
    private CountingStrings receiver;

    @Setup
    public void setUp() {
        shortStrings = new ChunkFeeder(ChunkFeeder.repeat(netstring(64), 1024), CHUNK);
        longStrings = new ChunkFeeder(ChunkFeeder.repeat(netstring(16 * 1024), 4), CHUNK);
        receiver = new CountingStrings();
        StringTransport.connect(receiver);
    }

    private static byte[] netstring(int payload) {
        byte[] header = (payload + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + payload + 1];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(ChunkFeeder.text(payload), 0, out, header.length, payload);
        out[out.length - 1] = ',';
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public long strings64B() {
        shortStrings.feed(receiver);
        return receiver.received;
    }

    @Benchmark
    @OperationsPerInvocation(4)
    public long strings16KiB() {
        longStrings.feed(receiver);
        return receiver.received;
    }

    /** Counts what it receives, so the decoding cannot be optimised away. */
    static final class CountingStrings extends NetstringReceiver {
        long received;

        @Override
        protected void stringReceived(ByteBuffer string) {
            received += string.remaining() + string.get(string.position());
        }
    }
}
