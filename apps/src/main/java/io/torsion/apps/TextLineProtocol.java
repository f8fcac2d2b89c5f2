package io.torsion.apps;

import io.torsion.api.LineReceiver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The wire conventions every line-based app shares: lines end in {@code \r\n} or a bare {@code \n}
 * on the way in and in {@code \r\n} on the way out, and a line longer than the limit is answered
 * with {@code ERROR line too long} before the connection closes.
 */
abstract class TextLineProtocol extends LineReceiver {

    TextLineProtocol(int maxLine) {
        setAcceptBareNewline(true);
        setMaxLength(maxLine);
    }

    @Override
    protected void lineLengthExceeded(ByteBuffer lineSoFar) {
        sendLine("ERROR line too long");
        transport.loseConnection();
    }

    /**
     * {@code text} encoded once, read-only, for {@link #sendLine(ByteBuffer)} to any number of
     * connections of one reactor (sending leaves its position where it was).
     */
    static ByteBuffer encoded(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();
    }
}
