package io.torsion.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The base of every framing protocol ({@link LineReceiver}, {@link NetstringReceiver}, the
 * {@link LengthPrefixedReceiver length-prefixed receivers}), and the extension point for writing
 * another: it turns a stream of chunks into frames, keeps partial frames between chunks, pauses,
 * switches to raw mode and back, and hands over what it holds. A subclass only says where its
 * frames end. {@link io.torsion.api.testing.EverySplit} checks that a framer gives the same frames
 * however its input is cut.
 *
 * <p><b>Writing a framer.</b> Implement {@link #decodeNext()}: look at the bytes between
 * {@link #readIndex()} and {@link #endIndex()} with {@link #byteAt}; if they do not hold a whole
 * frame, return false (they are kept and offered again with more bytes); otherwise call
 * {@link #consumeTo} past the frame <em>before</em> calling user code (so that
 * {@link #takeUndelivered()} sees only what follows), hand the frame out as {@link #slice}, and
 * return true. On input that cannot be resynchronised, {@link #discardAllInput()} and consume
 * everything. Optionally override {@link #bytesToComplete} so that less is copied. For example, a
 * framer whose frames end at a NUL byte:
 *
 * <pre>{@code
 * public abstract class NulTerminatedReceiver extends FramingProtocol {
 *     protected NulTerminatedReceiver() { super(4096); }
 *     protected abstract void frameReceived(ByteBuffer frame);
 *
 *     @Override
 *     protected boolean decodeNext() {
 *         for (int i = readIndex(); i < endIndex(); i++) {
 *             if (byteAt(i) == 0) {
 *                 int start = readIndex();
 *                 consumeTo(i + 1);
 *                 frameReceived(slice(start, i));
 *                 return true;
 *             }
 *         }
 *         if (endIndex() - readIndex() > maxLength()) {   // bound the buffer
 *             discardAllInput();
 *             consumeTo(endIndex());
 *             transport.loseConnection();
 *             return true;
 *         }
 *         return false;
 *     }
 * }
 * }</pre>
 *
 * <p><b>Copying.</b> A frame that lies wholly inside one incoming chunk is handed on as a view of
 * that chunk, without copying. Only the bytes of a partial frame (and, while paused, the rest of
 * the chunk) are copied into one reusable buffer. When a partial frame is buffered and a chunk
 * arrives, {@link #bytesToComplete} says how much of the chunk completes it, so only that much is
 * copied and the rest of the chunk is again decoded in place.
 *
 * <p><b>Pausing.</b> Frames are delivered only while {@link #mayDeliver()}: not paused by
 * {@link #pauseProducing()}, and the transport neither paused nor closing. Checked between frames,
 * so a callback that pauses or closes gets no further frame, even from the same chunk.
 *
 * <p><b>Switching.</b> A frame callback may call {@link #setRawMode()}: everything after that frame
 * (the rest of the chunk, what was buffered, what comes later) goes to {@link #rawDataReceived}
 * unframed, until {@link #setFramedMode(byte[])}. Or it may take everything received but not yet
 * delivered with {@link #takeUndelivered()} and hand it to another protocol, for instance one that
 * {@code rawDataReceived} forwards to from then on. This is Twisted's {@code recvd} and
 * {@code clearLineBuffer}, for every framer.
 *
 * <p><b>Re-entry.</b> Data that reaches {@link #dataReceived} while a callback runs (a callback
 * that feeds data back, or a transport that delivers synchronously on resume) is queued behind the
 * data already received and decoded after the callback returns, never in the middle of it.
 *
 * <p>Methods are called on the reactor thread. Buffers handed to callbacks are valid only during
 * the call.
 */
public abstract class FramingProtocol extends BaseProtocol implements PushProducer {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    /** Lines up to this size are decoded to text through a kept scratch array; longer ones allocate. */
    private static final int RETAINED_SCRATCH = 2048;

    private final ReceiveBuffer buffered = new ReceiveBuffer();
    private int maxLength;
    private ReceiveBuffer arrivedDuringCallback;
    private boolean paused;
    private boolean decoding;
    private boolean discardingInput;
    private boolean raw;
    private long bufferedConsumed;
    private byte[] scratch;

    // The cursor over the bytes being decoded: either the current chunk or the buffered bytes.
    private ByteBuffer chunk;
    private ByteBuffer source;
    private ByteBuffer handout;
    private ByteBuffer bufferedHandout;
    private int passStart;
    private int readIndex;
    private int endIndex;

    /** A framer whose {@link #maxLength()} starts at {@code defaultMaxLength}. */
    protected FramingProtocol(int defaultMaxLength) {
        if (defaultMaxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + defaultMaxLength);
        }
        this.maxLength = defaultMaxLength;
    }

    /**
     * Sets the longest acceptable line or string, in bytes, framing not counted (a line's delimiter,
     * a string's length prefix or netstring punctuation).
     */
    public void setMaxLength(int maxLength) {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /** The longest acceptable line or string, in bytes, framing not counted. */
    public int maxLength() {
        return maxLength;
    }

    /**
     * Decodes this protocol's frames from {@code data} and calls the frame callbacks. Final: the
     * framing is the point of the class; override the callbacks instead.
     */
    @Override
    public final void dataReceived(ByteBuffer data) {
        if (decoding) {
            if (arrivedDuringCallback == null) {
                arrivedDuringCallback = new ReceiveBuffer();
            }
            arrivedDuringCallback.append(data, data.remaining());
            return;
        }
        decoding = true;
        try {
            consume(data);
            while (arrivedDuringCallback != null && !arrivedDuringCallback.isEmpty()) {
                buffered.appendAndClear(arrivedDuringCallback);
                consume(NOTHING);
            }
        } finally {
            decoding = false;
            chunk = null;
            source = null;
            handout = null;
        }
    }

    /** Stops frame delivery at once (even mid-chunk) and stops the transport reading. */
    @Override
    public void pauseProducing() {
        paused = true;
        if (transport != null) {
            transport.pauseProducing();
        }
    }

    /**
     * Resumes the transport and delivers the frames buffered meanwhile right away, stopping again if
     * a callback pauses.
     */
    @Override
    public void resumeProducing() {
        paused = false;
        if (transport != null) {
            transport.resumeProducing();
        }
        dataReceived(NOTHING);
    }

    /** Closes the connection, as a consumer going away asks. */
    @Override
    public void stopProducing() {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** True between {@link #pauseProducing()} and {@link #resumeProducing()}. */
    public boolean isPaused() {
        return paused;
    }

    /**
     * Sends what follows (starting right after the frame being delivered, if called from a frame
     * callback) to {@link #rawDataReceived} unframed.
     */
    public void setRawMode() {
        raw = true;
    }

    /** Decodes frames again from what follows. */
    public void setFramedMode() {
        if (raw) {
            raw = false;
            framedModeResumed();
        }
    }

    /**
     * Decodes frames again, starting with {@code extra}: leftover bytes that the raw handler
     * received but that belong to the framing. They are decoded after anything already received
     * and not yet delivered.
     */
    public void setFramedMode(byte[] extra) {
        setFramedMode();
        if (extra != null && extra.length > 0) {
            dataReceived(ByteBuffer.wrap(extra));
        }
    }

    /** True after {@link #setRawMode()} until {@link #setFramedMode()}. */
    public boolean isRawMode() {
        return raw;
    }

    /** Bytes arrived in raw mode; valid only during this call. Default: nothing. */
    protected void rawDataReceived(ByteBuffer data) {
    }

    /** Called when raw mode ends; a subclass drops what it remembered about earlier bytes. */
    void framedModeResumed() {
    }

    /**
     * Decodes at most one frame (or one run of raw data) starting at {@link #readIndex()}. Returns
     * false when the bytes up to {@link #endIndex()} are not enough to go on; true after consuming
     * or delivering something.
     */
    protected abstract boolean decodeNext();

    /**
     * How many bytes from {@code chunk}'s position complete the first frame of the buffered bytes
     * (the cursor points at them while this runs): 0 when a whole frame is already buffered,
     * {@code chunk.remaining()} when the frame does not end within the chunk or it cannot tell.
     * Only efficiency depends on the answer: too many bytes are merely copied, too few are asked
     * for again.
     */
    protected int bytesToComplete(ByteBuffer chunk) {
        return chunk.remaining();
    }

    /** True when frames may be delivered: not paused, and the transport neither paused nor closing. */
    protected final boolean mayDeliver() {
        return !paused && (transport == null || (transport.isOpen() && !transport.isPaused()));
    }

    protected final int readIndex() {
        return readIndex;
    }

    protected final int endIndex() {
        return endIndex;
    }

    protected final byte byteAt(int index) {
        return source.get(index);
    }

    /** Marks the bytes before {@code index} as consumed; call before handing a frame to user code. */
    protected final void consumeTo(int index) {
        if (index < readIndex || index > endIndex) {
            throw new IndexOutOfBoundsException(index + " outside [" + readIndex + ", " + endIndex + "]");
        }
        readIndex = index;
    }

    /** Un-consumes back to {@code index}, which must lie in the bytes this decoding pass began with. */
    protected final void rewindTo(int index) {
        if (index < passStart || index > readIndex) {
            throw new IndexOutOfBoundsException(index + " outside [" + passStart + ", " + readIndex + "]");
        }
        readIndex = index;
    }

    /** A view of bytes {@code [from, to)} of the cursor, valid only until the callback returns. */
    protected final ByteBuffer slice(int from, int to) {
        if (handout == null) {
            handout = source.duplicate();
        }
        handout.clear().position(from).limit(to);
        return handout;
    }

    /** True while the cursor is over the buffered bytes rather than a fresh chunk. */
    protected final boolean decodingBuffered() {
        return source == buffered.array();
    }

    /**
     * Where the read index lies in the stream of all bytes ever buffered. A subclass that remembers
     * something about the buffered bytes from the read index on (how far it already searched) knows
     * it still holds while this is unchanged. Meaningful only while {@link #decodingBuffered()}.
     */
    protected final long bufferedOffset() {
        return bufferedConsumed + (readIndex - passStart);
    }

    /** From now on, input is dropped unread, until {@link #stopDiscarding()}. */
    protected final void discardAllInput() {
        discardingInput = true;
    }

    /** Takes input again after {@link #discardAllInput()}. */
    protected final void stopDiscarding() {
        discardingInput = false;
    }

    /** How many received bytes wait undelivered. */
    public final int undeliveredBytes() {
        int pending = decoding ? endIndex - readIndex : 0;
        if (decoding && decodingBuffered()) {
            pending += chunk.remaining();
        } else if (!decoding) {
            pending += buffered.readable();
        }
        return pending + (arrivedDuringCallback == null ? 0 : arrivedDuringCallback.readable());
    }

    /**
     * Removes and returns every byte received and not yet delivered: the rest of the chunk being
     * decoded, the buffered bytes, and data that arrived during the current callback. Called from a
     * frame callback, nothing more is delivered from what was received so far; use it to hand the
     * rest of the stream to other code (a different framing, a file). Input that arrives later is
     * decoded as usual.
     */
    public final byte[] takeUndelivered() {
        byte[] taken = new byte[undeliveredBytes()];
        int at = 0;
        if (decoding) {
            source.get(readIndex, taken, 0, endIndex - readIndex);
            at = endIndex - readIndex;
            readIndex = endIndex;
            if (decodingBuffered()) {
                int rest = chunk.remaining();
                chunk.get(taken, at, rest);
                at += rest;
            }
        } else {
            int length = buffered.readable();
            buffered.array().get(buffered.readIndex(), taken, 0, length);
            at = length;
            bufferedConsumed += length;
            buffered.clear();
        }
        if (arrivedDuringCallback != null) {
            int length = arrivedDuringCallback.readable();
            arrivedDuringCallback.array().get(arrivedDuringCallback.readIndex(), taken, at, length);
            arrivedDuringCallback.clear();
        }
        return taken;
    }

    /** Decodes {@code bytes} as UTF-8, replacing malformed input with U+FFFD; never throws. */
    protected final String utf8(ByteBuffer bytes) {
        int length = bytes.remaining();
        if (bytes.hasArray()) {
            return new String(bytes.array(), bytes.arrayOffset() + bytes.position(), length, StandardCharsets.UTF_8);
        }
        byte[] copy;
        if (length > RETAINED_SCRATCH) {
            copy = new byte[length];
        } else {
            if (scratch == null || scratch.length < length) {
                scratch = new byte[Math.max(length, 128)];
            }
            copy = scratch;
        }
        bytes.get(bytes.position(), copy, 0, length);
        return new String(copy, 0, length, StandardCharsets.UTF_8);
    }

    private void consume(ByteBuffer data) {
        chunk = data;
        while (mayDeliver() && !discardingInput) {
            if (!buffered.isEmpty()) {
                pointAtBuffered();
                int take = data.hasRemaining() && !raw
                        ? Math.max(0, Math.min(data.remaining(), bytesToComplete(data))) : 0;
                buffered.append(data, take);
                boolean progressed = decodeBuffered();
                if (!progressed && (take == 0 || !data.hasRemaining())) {
                    break;
                }
            } else {
                if (data.hasRemaining()) {
                    decodeChunk(data);
                }
                break;
            }
        }
        if (discardingInput) {
            bufferedConsumed += buffered.readable();
            buffered.clear();
            data.position(data.limit());
        } else if (data.hasRemaining()) {
            buffered.append(data, data.remaining());
        }
    }

    private void pointAtBuffered() {
        ByteBuffer array = buffered.array();
        if (bufferedHandout != null && bufferedHandout.array() != array.array()) {
            bufferedHandout = null; // the buffer grew: the old view is of the old array
        }
        source = array;
        handout = bufferedHandout;
        passStart = buffered.readIndex();
        readIndex = passStart;
        endIndex = buffered.writeIndex();
    }

    private boolean decodeBuffered() {
        pointAtBuffered();
        try {
            decodeLoop();
        } finally {
            bufferedHandout = handout;
            int consumed = readIndex - passStart;
            bufferedConsumed += consumed;
            buffered.consumeTo(Math.min(readIndex, buffered.writeIndex()));
            handout = null;
        }
        return readIndex > passStart;
    }

    private void decodeChunk(ByteBuffer data) {
        source = data;
        handout = null;
        passStart = data.position();
        readIndex = passStart;
        endIndex = data.limit();
        try {
            decodeLoop();
        } finally {
            data.position(readIndex);
            handout = null;
        }
    }

    private void decodeLoop() {
        while (readIndex < endIndex && mayDeliver()) {
            if (discardingInput) {
                readIndex = endIndex;
            } else if (raw) {
                int from = readIndex;
                readIndex = endIndex;
                rawDataReceived(slice(from, endIndex));
            } else if (!decodeNext()) {
                return;
            }
        }
    }
}
