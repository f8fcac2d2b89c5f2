package io.torsion.apps;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Ends every line with {@code \r\n}, as telnet sends what is typed: a bare {@code \n} becomes
 * {@code \r\n}, an existing {@code \r\n} stays, and a line still open at the end of input is ended.
 * Keeps one bit between chunks (whether the last byte was {@code \r}), so it does not matter where
 * standard input's reads cut the lines.
 */
final class CrlfLines {

    private boolean afterCr;
    private boolean lineOpen;

    /** The bytes of {@code chunk} (consumed) with line ends made {@code \r\n}. */
    byte[] translate(ByteBuffer chunk) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chunk.remaining() + 16);
        while (chunk.hasRemaining()) {
            byte b = chunk.get();
            if (b == '\n' && !afterCr) {
                out.write('\r');
            }
            out.write(b);
            afterCr = b == '\r';
            lineOpen = b != '\n';
        }
        return out.toByteArray();
    }

    /** What ends the input: {@code \r\n} when a line is still open, else nothing. */
    byte[] finish() {
        boolean open = lineOpen;
        lineOpen = false;
        if (!open) {
            return new byte[0];
        }
        return afterCr ? new byte[] {'\n'} : new byte[] {'\r', '\n'};
    }
}
