package io.torsion.bench.jmh;

import io.torsion.api.LineReceiver;
import io.torsion.api.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * LineReceiver decoding 64 KiB of input that arrives in 1 KiB chunks, as 1,024 lines of 64 bytes or
 * as 4 lines of 16 KiB (sizes on the wire, CRLF included; a 16 KiB line spans 16 chunks). Scores
 * are per line. {@code delivery=bytes} overrides {@code lineBytesReceived} and reads the view;
 * {@code delivery=string} takes the default path that decodes each line to a String.
 *
 * <p>The receiver is connected to a {@link StringTransport}; the chunks go straight to
 * {@code dataReceived} through one reused buffer, as a reactor delivers them, since
 * {@code StringTransport.receive} copies each chunk (a convenience for tests that would show up in
 * the allocation figures).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LineReceiverBenchmark {

    private static final int CHUNK = 1024;

    @Param({"bytes", "string"})
    public String delivery;

    private ChunkFeeder shortLines;
    private ChunkFeeder longLines;
    private CountingLines receiver;

    @Setup
    public void setUp() {
        shortLines = new ChunkFeeder(ChunkFeeder.repeat(line(64), 1024), CHUNK);
        longLines = new ChunkFeeder(ChunkFeeder.repeat(line(16 * 1024), 4), CHUNK);
        receiver = new CountingLines(delivery.equals("string"));
        StringTransport.connect(receiver);
    }

    private static byte[] line(int wireLength) {
        byte[] line = ChunkFeeder.text(wireLength);
        line[wireLength - 2] = '\r';
        line[wireLength - 1] = '\n';
        return line;
    }

    @Benchmark
    @OperationsPerInvocation(1024)
    public long lines64B() {
        shortLines.feed(receiver);
        return receiver.received;
    }

    @Benchmark
    @OperationsPerInvocation(4)
    public long lines16KiB() {
        longLines.feed(receiver);
        return receiver.received;
    }

    /** Counts what it receives, so the decoding cannot be optimised away. */
    static final class CountingLines extends LineReceiver {
        private final boolean decode;
        long received;

        CountingLines(boolean decode) {
            this.decode = decode;
        }

        @Override
        protected void lineBytesReceived(ByteBuffer line) {
            if (decode) {
                super.lineBytesReceived(line);
            } else {
                received += line.remaining() + line.get(line.position());
            }
        }

        @Override
        protected void lineReceived(String line) {
            received += line.length();
        }
    }
}
