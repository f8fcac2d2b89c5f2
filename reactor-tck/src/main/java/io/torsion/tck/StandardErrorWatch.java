package io.torsion.tck;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Copies what is written to standard error while it is open, so a test can assert nothing was
 * logged at error level. The backends' tests log through slf4j-simple, which looks up
 * {@code System.err} on every line and prints the level as {@code ERROR}.
 */
final class StandardErrorWatch implements Closeable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private StandardErrorWatch() {
        System.setErr(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    }

    static StandardErrorWatch start() {
        return new StandardErrorWatch();
    }

    /** The lines written so far that carry the level {@code ERROR}. */
    List<String> errorLines() {
        String text;
        synchronized (copy) {
            text = copy.toString(StandardCharsets.UTF_8);
        }
        return text.lines().filter(line -> line.contains(" ERROR ")).toList();
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }

    /** Writes to both streams; the copy is guarded because any thread may log. */
    private static final class Tee extends OutputStream {
        private final PrintStream first;
        private final ByteArrayOutputStream second;

        Tee(PrintStream first, ByteArrayOutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (second) {
                second.write(b, off, len);
            }
            first.write(b, off, len);
        }

        @Override
        public void flush() {
            first.flush();
        }
    }
}
