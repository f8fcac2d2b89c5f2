package io.torsion.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A protocol that receives lines, like Twisted's {@code LineReceiver}: subclass it and override
 * {@link #lineReceived(String)} (or {@link #lineBytesReceived(ByteBuffer)} for the bytes).
 *
 * <p><b>Lines.</b> A line ends with the delimiter, {@code \r\n} unless {@link #setDelimiter} says
 * otherwise; the delimiter is not part of the line. With {@link #setAcceptBareNewline(boolean)} a
 * lone {@code \n} also ends a line, and a {@code \r} right before that {@code \n} is dropped, so
 * {@code a\r\n} and {@code a\n} both give {@code a}. Of two terminators the one that ends first ends
 * the line, so with bare newlines accepted a delimiter with a {@code \n} before its last byte (such as
 * {@code \r\n\r\n}) never matches: every {@code \n} ends a line. Lines are delivered in order,
 * whatever way the bytes were split into chunks.
 *
 * <p><b>Too long.</b> A line longer than {@link #setMaxLength maxLength} bytes (default 16384,
 * delimiter not counted) calls {@link #lineLengthExceeded(ByteBuffer)} as soon as it is known to
 * be too long: when its delimiter arrives, or when more than {@code maxLength} bytes that cannot
 * be part of a delimiter are buffered, so the receiver never buffers without bound. A line of
 * exactly {@code maxLength} bytes is fine. {@code lineSoFar} is the over-long line's bytes
 * received so far, without its delimiter. What happens next, exactly:
 * <ul>
 *   <li>If the connection is closing when the override returns (the default calls
 *       {@code loseConnection()}, as Twisted's does), all later input is dropped.</li>
 *   <li>Otherwise the receiver skips the rest of the over-long line, up to and including its
 *       delimiter (at once if it had arrived, else as it arrives), and delivers lines again after
 *       it. An override that only logs therefore drops that one line and goes on: the connection
 *       is never left open and deaf.</li>
 *   <li>If the override calls {@link #clearLineBuffer()}, that call returns, and removes, the
 *       bytes received after the over-long line's delimiter, if any had arrived; to keep them as
 *       lines, feed them back: {@code dataReceived(ByteBuffer.wrap(clearLineBuffer()))}.</li>
 * </ul>
 *
 * <p><b>Raw mode.</b> After {@link #setRawMode()} the bytes go to {@link #rawDataReceived}
 * unframed. If a line callback switches to raw mode, everything after that line (the rest of the
 * same chunk, and what was buffered) goes to {@code rawDataReceived}. {@link #setLineMode(byte[])}
 * switches back and decodes the given leftover bytes as lines, after anything already received.
 * Every framer has these (see {@link FramingProtocol}); the line names are Twisted's.
 *
 * <p><b>Flow control.</b> This receiver is a {@link PushProducer}. {@link #pauseProducing()} stops
 * line delivery at once, even in the middle of a chunk, and pauses the transport;
 * {@link #resumeProducing()} resumes the transport and delivers the lines buffered meanwhile right
 * away, stopping again if a line callback pauses. So {@code transport.registerProducer(this)} holds
 * line delivery back while the outbound queue is full. Lines also stop while the transport itself is
 * paused (pausing it directly, not through this receiver, leaves the buffered lines waiting for the
 * next chunk or for {@link #resumeProducing()}), and for good once the transport is closing: a line
 * callback that calls {@code loseConnection()} hears no more lines.
 *
 * <p><b>Buffers.</b> A {@code ByteBuffer} handed to a callback is a view that is valid only during
 * the call. A line that arrives whole within one chunk is handed over without being copied; a line
 * split across chunks is assembled in one reusable buffer. Methods must be called on the reactor
 * thread.
 */
public abstract class LineReceiver extends FramingProtocol {

    /** The default {@link #setMaxLength maximum line length}, in bytes. */
    public static final int DEFAULT_MAX_LENGTH = 16384;

    private static final byte[] CRLF = {'\r', '\n'};

    /** What the receiver is doing with the bytes it decodes. */
    private enum Receiving {
        LINES,
        /** Dropping the not yet received rest of an over-long line, up to its delimiter. */
        SKIPPING_OVERLONG_LINE
    }

    private byte[] delimiter = CRLF;
    /** The delimiter as sent, and the pair one sendLine writes: no allocation per line. */
    private ByteBuffer delimiterBuffer = ByteBuffer.wrap(CRLF).asReadOnlyBuffer();
    private final ByteBuffer[] framed = new ByteBuffer[2];
    private boolean acceptBareNewline;
    /**
     * True when a bare newline always ends a line before the delimiter could (bare newlines accepted,
     * and the delimiter has a {@code \n} before its last byte): the delimiter then never matches.
     */
    private boolean newlineEndsFirst;
    private Receiving receiving = Receiving.LINES;
    private long searchedMarker = -1;
    private int searchedBytes;

    /** A receiver with the default maximum length. */
    protected LineReceiver() {
        super(DEFAULT_MAX_LENGTH);
    }

    /**
     * A line arrived, decoded as UTF-8; malformed bytes become U+FFFD. Called by the default
     * {@link #lineBytesReceived(ByteBuffer)}.
     */
    protected void lineReceived(String line) {
    }

    /**
     * A line arrived, without its delimiter, from the buffer's position to its limit. The buffer is
     * only valid during this call. The default decodes it and calls {@link #lineReceived(String)}.
     */
    protected void lineBytesReceived(ByteBuffer line) {
        lineReceived(utf8(line));
    }

    /**
     * A line is longer than {@link #maxLength()}; {@code lineSoFar} holds its bytes received so far,
     * without the delimiter, valid only during this call. Default: {@code transport.loseConnection()}.
     * See the class comment for what the receiver does afterwards and how to go on.
     */
    protected void lineLengthExceeded(ByteBuffer lineSoFar) {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** Writes {@code line} as UTF-8 followed by the delimiter. */
    public void sendLine(String line) {
        sendLine(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the bytes of {@code line} followed by the delimiter, without copying them first. */
    public void sendLine(byte[] line) {
        sendLine(ByteBuffer.wrap(line));
    }

    /**
     * Writes {@code line}'s bytes from its position to its limit, followed by the delimiter, and
     * leaves its position where it was: one encoded (even read-only) buffer can be sent to many
     * receivers, each transport taking only a copy of what it cannot send at once. Allocates nothing.
     */
    public void sendLine(ByteBuffer line) {
        int start = line.position();
        framed[0] = line;
        framed[1] = delimiterBuffer.rewind();
        try {
            transport.writeSequence(framed);
        } finally {
            framed[0] = null;
            line.position(start);
        }
    }

    /** Decodes what follows as lines again; {@link #setFramedMode()} under Twisted's name. */
    public void setLineMode() {
        setFramedMode();
    }

    /**
     * Decodes what follows as lines again, starting with {@code extra}: leftover bytes that a raw
     * mode handler received but that belong to the line protocol. They are decoded after anything
     * already received and not yet delivered.
     */
    public void setLineMode(byte[] extra) {
        setFramedMode(extra);
    }

    @Override
    void framedModeResumed() {
        forgetSearch();
    }

    /**
     * Removes and returns everything received and not yet delivered: the rest of the chunk being
     * decoded and whatever was buffered, as Twisted's {@code clearLineBuffer}. Called from
     * {@link #lineLengthExceeded}, that is what followed the over-long line; called from a line
     * callback, what followed that line. Nothing of it is delivered as lines.
     */
    public byte[] clearLineBuffer() {
        stopDiscarding();
        forgetSearch();
        return takeUndelivered();
    }

    /** Sets the line delimiter (not empty); the default is {@code \r\n}. */
    public void setDelimiter(byte[] delimiter) {
        if (delimiter.length == 0) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        this.delimiter = delimiter.clone();
        this.delimiterBuffer = ByteBuffer.wrap(this.delimiter).asReadOnlyBuffer();
        decideFirstTerminator();
        forgetSearch();
    }

    /** The line delimiter (a copy). */
    public byte[] delimiter() {
        return delimiter.clone();
    }

    /** Whether a bare {@code \n} also ends a line (and a {@code \r} before it is dropped). */
    public void setAcceptBareNewline(boolean accept) {
        this.acceptBareNewline = accept;
        decideFirstTerminator();
        forgetSearch();
    }

    /**
     * The terminator that ends first wins, so that where a chunk ends never changes the lines: with a
     * delimiter such as {@code \r\n\r\n}, a bare newline has ended the line by the time the rest
     * of the delimiter could arrive.
     */
    private void decideFirstTerminator() {
        boolean newlineInside = false;
        for (int i = 0; i < delimiter.length - 1; i++) {
            newlineInside |= delimiter[i] == '\n';
        }
        newlineEndsFirst = acceptBareNewline && newlineInside;
    }

    public boolean acceptsBareNewline() {
        return acceptBareNewline;
    }

    @Override
    protected final boolean decodeNext() {
        return receiving == Receiving.SKIPPING_OVERLONG_LINE ? skipOverlongLine() : nextLine();
    }

    @Override
    protected final int bytesToComplete(ByteBuffer chunk) {
        if (findTerminator() >= 0) {
            return 0;
        }
        int partial = partialTerminatorAtEnd();
        if (partial > 0) {
            return Math.max(1, delimiter.length - partial);
        }
        for (int i = chunk.position(); i < chunk.limit(); i++) {
            byte b = chunk.get(i);
            if (acceptBareNewline && b == '\n') {
                return i - chunk.position() + 1;
            }
            if (b == delimiter[0] && !newlineEndsFirst && delimiterAt(chunk, i)) {
                return i - chunk.position() + delimiter.length;
            }
        }
        return chunk.remaining();
    }

    private boolean nextLine() {
        int start = readIndex();
        int end = endIndex();
        int terminator = findTerminator();
        if (terminator < 0) {
            int partial = partialTerminatorAtEnd();
            if (end - start - partial > maxLength()) {
                lineTooLong(start, end - partial, -1);
                return true;
            }
            return false;
        }
        int after = terminatorEnd(terminator);
        if (terminator - start > maxLength()) {
            lineTooLong(start, terminator, after);
            return true;
        }
        consumeTo(after);
        lineBytesReceived(slice(start, terminator));
        return true;
    }

    /** Calls {@link #lineLengthExceeded}; {@code after} is past the delimiter, or -1 when unseen. */
    private void lineTooLong(int start, int lineEnd, int after) {
        int end = endIndex();
        consumeTo(after >= 0 ? after : end);
        lineLengthExceeded(slice(start, lineEnd));
        if (transport != null && !transport.isOpen()) {
            discardAllInput(); // closing: nothing will be delivered, so keep nothing
        } else if (after < 0 && receiving == Receiving.LINES && !isRawMode()) {
            receiving = Receiving.SKIPPING_OVERLONG_LINE;
            if (readIndex() == end) {
                // Keep a trailing partial delimiter, so that its rest in the next chunk ends the skip.
                rewindTo(lineEnd);
            }
        }
    }

    private boolean skipOverlongLine() {
        int terminator = findTerminator();
        if (terminator >= 0) {
            consumeTo(terminatorEnd(terminator));
            receiving = Receiving.LINES;
            return true;
        }
        int keep = endIndex() - partialTerminatorAtEnd();
        if (keep > readIndex()) {
            consumeTo(keep);
            return true;
        }
        return false;
    }

    /**
     * The index where the first line terminator starts between the read and end index, or -1.
     * Remembers how far it searched the buffered bytes, so a long line arriving in many small chunks
     * is searched once, not once per chunk.
     */
    private int findTerminator() {
        int start = readIndex();
        int end = endIndex();
        boolean resumable = decodingBuffered() && searchedMarker == bufferedOffset();
        int from = resumable ? start + Math.min(searchedBytes, end - start) : start;
        byte first = delimiter[0];
        for (int i = from; i < end; i++) {
            byte b = byteAt(i);
            if (acceptBareNewline && b == '\n') {
                return i > start && byteAt(i - 1) == '\r' ? i - 1 : i;
            }
            if (b == first && !newlineEndsFirst && delimiterAt(i)) {
                return i;
            }
        }
        if (decodingBuffered()) {
            // A terminator may still start in the last bytes, once more arrive (or, for a bare
            // newline, a \r just before it may belong to it).
            searchedMarker = bufferedOffset();
            searchedBytes = Math.max(0, end - start - Math.max(delimiter.length - 1, 1));
        }
        return -1;
    }

    private void forgetSearch() {
        searchedMarker = -1;
    }

    private int terminatorEnd(int terminator) {
        if (!newlineEndsFirst && delimiterAt(terminator)) {
            return terminator + delimiter.length;
        }
        return byteAt(terminator) == '\r' ? terminator + 2 : terminator + 1;
    }

    private boolean delimiterAt(int index) {
        if (index + delimiter.length > endIndex()) {
            return false;
        }
        for (int j = 0; j < delimiter.length; j++) {
            if (byteAt(index + j) != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    private boolean delimiterAt(ByteBuffer chunk, int index) {
        if (index + delimiter.length > chunk.limit()) {
            return false;
        }
        for (int j = 1; j < delimiter.length; j++) {
            if (chunk.get(index + j) != delimiter[j]) {
                return false;
            }
        }
        return true;
    }

    /** How many of the last bytes could be the start of a terminator whose rest has not arrived. */
    private int partialTerminatorAtEnd() {
        int start = readIndex();
        int end = endIndex();
        for (int k = Math.min(delimiter.length - 1, end - start); k > 0; k--) {
            if (isDelimiterPrefix(end - k, k)) {
                return k;
            }
        }
        return acceptBareNewline && end > start && byteAt(end - 1) == '\r' ? 1 : 0;
    }

    private boolean isDelimiterPrefix(int index, int length) {
        for (int j = 0; j < length; j++) {
            if (byteAt(index + j) != delimiter[j]) {
                return false;
            }
        }
        return true;
    }
}
