package io.torsion.api;

import java.nio.ByteBuffer;

/**
 * A protocol that receives strings each prefixed with its length as a 4-byte big-endian unsigned
 * integer, like Twisted's {@code Int32StringReceiver}. Subclass it and override
 * {@link #stringReceived}.
 *
 * <p>A prefix announcing more than {@link #maxLength()} bytes (default 99999) calls
 * {@link #lengthLimitExceeded}, whose default closes the connection; either way the rest of the
 * input is dropped, since the stream cannot be resynchronised.
 *
 * <p>Strings are delivered as views valid only during the call; one that arrives whole within a
 * chunk is not copied. Pausing works as for {@link LineReceiver}.
 */
public abstract class Int32StringReceiver extends FramingProtocol {

    /** The default {@link #setMaxLength maximum string length}, in bytes. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    /** Bytes in the length prefix. */
    public static final int PREFIX_LENGTH = 4;

    /** A receiver with the default maximum length. */
    protected Int32StringReceiver() {
        super(DEFAULT_MAX_LENGTH);
    }

    /** A string arrived, from the buffer's position to its limit; valid only during this call. */
    protected abstract void stringReceived(ByteBuffer string);

    /**
     * The peer announced a string of {@code length} bytes (0 to 2<sup>32</sup>-1), more than
     * {@link #maxLength()}. Default: {@code transport.loseConnection()}. The rest of the input is
     * dropped whatever this does.
     */
    protected void lengthLimitExceeded(long length) {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** Writes {@code string} with its length prefix, in one write. */
    public void sendString(byte[] string) {
        sendString(ByteBuffer.wrap(string));
    }

    /** Writes the bytes from {@code string}'s position to its limit with their length prefix, in one write. */
    public void sendString(ByteBuffer string) {
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX_LENGTH).putInt(0, string.remaining());
        transport.writeSequence(prefix, string);
    }

    @Override
    final boolean decodeNext() {
        int start = readIndex();
        int end = endIndex();
        if (end - start < PREFIX_LENGTH) {
            return false;
        }
        long length = announcedLength(start);
        if (length > maxLength()) {
            discardAllInput();
            consumeTo(end);
            lengthLimitExceeded(length);
            return true;
        }
        int stringStart = start + PREFIX_LENGTH;
        if (end - stringStart < length) {
            return false;
        }
        int stringEnd = stringStart + (int) length;
        consumeTo(stringEnd);
        stringReceived(slice(stringStart, stringEnd));
        return true;
    }

    @Override
    final int bytesToComplete(ByteBuffer chunk) {
        int buffered = endIndex() - readIndex();
        if (buffered < PREFIX_LENGTH) {
            return PREFIX_LENGTH - buffered;
        }
        long length = announcedLength(readIndex());
        return length > maxLength() ? 0 : (int) Math.max(0, PREFIX_LENGTH + length - buffered);
    }

    private long announcedLength(int at) {
        long length = 0;
        for (int i = 0; i < PREFIX_LENGTH; i++) {
            length = (length << 8) | (byteAt(at + i) & 0xff);
        }
        return length;
    }
}
