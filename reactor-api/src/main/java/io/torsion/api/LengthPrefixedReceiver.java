package io.torsion.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A protocol that receives strings each prefixed with its length as an unsigned integer of one to
 * four bytes, in either byte order, like Twisted's {@code IntNStringReceiver}. Subclass it (or
 * {@link Int8StringReceiver}, {@link Int16StringReceiver}, {@link Int32StringReceiver}) and
 * override {@link #stringReceived}.
 *
 * <p><b>Limits.</b> A prefix announcing more than {@link #maxLength()} bytes (default 99999) calls
 * {@link #lengthLimitExceeded}, whose default closes the connection; either way the rest of the
 * input is dropped, since the stream cannot be resynchronised. {@link #sendString} refuses a string
 * longer than the prefix can say with {@link StringTooLongException} (Twisted's
 * {@code StringTooLongError}), before writing anything.
 *
 * <p>Strings are delivered as views valid only during the call; one that arrives whole within a
 * chunk is not copied. Pausing, raw mode and {@link #takeUndelivered()} work as for every
 * {@link FramingProtocol}.
 */
public abstract class LengthPrefixedReceiver extends FramingProtocol {

    /** The default {@link #setMaxLength maximum string length}, in bytes, as Twisted's. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private final int prefixLength;
    private final ByteOrder order;
    private final long largestSayable;

    /**
     * A receiver whose prefix is {@code prefixLength} bytes (1 to 4: a longer one would announce
     * strings larger than a Java array) in {@code order}.
     */
    protected LengthPrefixedReceiver(int prefixLength, ByteOrder order) {
        super(DEFAULT_MAX_LENGTH);
        if (prefixLength < 1 || prefixLength > 4) {
            throw new IllegalArgumentException("a length prefix has 1 to 4 bytes, not " + prefixLength);
        }
        this.prefixLength = prefixLength;
        this.order = Objects.requireNonNull(order, "order");
        this.largestSayable = (1L << (8 * prefixLength)) - 1;
    }

    /** A string arrived, from the buffer's position to its limit; valid only during this call. */
    protected abstract void stringReceived(ByteBuffer string);

    /**
     * The peer announced a string of {@code length} bytes, more than {@link #maxLength()}. Default:
     * {@code transport.loseConnection()}. The rest of the input is dropped whatever this does.
     */
    protected void lengthLimitExceeded(long length) {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** Bytes in the length prefix. */
    public final int prefixLength() {
        return prefixLength;
    }

    /** The byte order of the length prefix. */
    public final ByteOrder prefixOrder() {
        return order;
    }

    /** The longest string the prefix can announce: 2<sup>8 &times; prefixLength</sup> - 1 bytes. */
    public final long largestSayable() {
        return largestSayable;
    }

    /**
     * Writes {@code string} with its length prefix, in one write.
     *
     * @throws StringTooLongException when the prefix cannot say its length; nothing is written
     */
    public void sendString(byte[] string) {
        sendString(ByteBuffer.wrap(string));
    }

    /**
     * Writes the bytes from {@code string}'s position to its limit with their length prefix, in one
     * write.
     *
     * @throws StringTooLongException when the prefix cannot say the length; nothing is written
     */
    public void sendString(ByteBuffer string) {
        int length = string.remaining();
        if (length > largestSayable) {
            throw new StringTooLongException(length, largestSayable);
        }
        ByteBuffer prefix = ByteBuffer.allocate(prefixLength);
        for (int i = 0; i < prefixLength; i++) {
            int shift = 8 * (order == ByteOrder.BIG_ENDIAN ? prefixLength - 1 - i : i);
            prefix.put(i, (byte) (length >>> shift));
        }
        transport.writeSequence(prefix, string);
    }

    @Override
    protected final boolean decodeNext() {
        int start = readIndex();
        int end = endIndex();
        if (end - start < prefixLength) {
            return false;
        }
        long length = announcedLength(start);
        if (length > maxLength()) {
            discardAllInput();
            consumeTo(end);
            lengthLimitExceeded(length);
            return true;
        }
        int stringStart = start + prefixLength;
        if (end - stringStart < length) {
            return false;
        }
        int stringEnd = stringStart + (int) length;
        consumeTo(stringEnd);
        stringReceived(slice(stringStart, stringEnd));
        return true;
    }

    @Override
    protected final int bytesToComplete(ByteBuffer chunk) {
        int buffered = endIndex() - readIndex();
        if (buffered < prefixLength) {
            return prefixLength - buffered;
        }
        long length = announcedLength(readIndex());
        return length > maxLength() ? 0 : (int) Math.max(0, prefixLength + length - buffered);
    }

    private long announcedLength(int at) {
        long length = 0;
        for (int i = 0; i < prefixLength; i++) {
            int index = order == ByteOrder.BIG_ENDIAN ? at + i : at + prefixLength - 1 - i;
            length = (length << 8) | (byteAt(index) & 0xff);
        }
        return length;
    }
}
