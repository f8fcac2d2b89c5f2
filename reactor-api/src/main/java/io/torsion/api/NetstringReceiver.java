package io.torsion.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A protocol that receives <a href="https://cr.yp.to/proto/netstrings.txt">netstrings</a>, like
 * Twisted's {@code NetstringReceiver}: each string travels as its decimal length, a colon, the
 * bytes and a comma ({@code 5:hello,}). Subclass it and override {@link #stringReceived}.
 *
 * <p><b>Bad input.</b> A length with a non-digit, a leading zero ({@code 0} alone is fine), no
 * digits at all, a missing comma after the bytes, or a length above {@link #maxLength()} (default
 * 99999, known as soon as the digits exceed it) means the peer does not speak netstrings: the
 * receiver calls {@link #illegalString} (for a length over the limit, {@link #lengthLimitExceeded}
 * first, whose default calls {@code illegalString}), whose default closes the connection, and drops
 * everything the peer sends from then on. There is no way to find the next string after a broken
 * one.
 *
 * <p>Strings are delivered as views that are valid only during the call; one that arrives whole
 * within a chunk is not copied. Pausing works as for {@link LineReceiver}: {@link #pauseProducing()}
 * stops delivery at once, {@link #resumeProducing()} delivers what was buffered, and nothing is
 * delivered while the transport is paused or closing.
 */
public abstract class NetstringReceiver extends FramingProtocol {

    /** The default {@link #setMaxLength maximum string length}, in bytes. */
    public static final int DEFAULT_MAX_LENGTH = 99999;

    private static final byte COLON = ':';
    private static final byte COMMA = ',';

    /** A receiver with the default maximum length. */
    protected NetstringReceiver() {
        super(DEFAULT_MAX_LENGTH);
    }

    /** A string arrived, from the buffer's position to its limit; valid only during this call. */
    protected abstract void stringReceived(ByteBuffer string);

    /**
     * The peer announced a string of {@code length} bytes, more than {@link #maxLength()}. The
     * default calls {@link #illegalString}. Either way, the rest of the input is dropped.
     */
    protected void lengthLimitExceeded(long length) {
        illegalString("netstring length " + length + " exceeds the limit of " + maxLength());
    }

    /**
     * The input is not a netstring, for the reason given. Default: {@code transport.loseConnection()}.
     * The rest of the input is dropped whatever this does.
     */
    protected void illegalString(String reason) {
        if (transport != null) {
            transport.loseConnection();
        }
    }

    /** Writes {@code string} as one netstring. */
    public void sendString(byte[] string) {
        sendString(ByteBuffer.wrap(string));
    }

    /** Writes the bytes from {@code string}'s position to its limit as one netstring. */
    public void sendString(ByteBuffer string) {
        byte[] header = (string.remaining() + ":").getBytes(StandardCharsets.US_ASCII);
        transport.writeSequence(ByteBuffer.wrap(header), string, ByteBuffer.wrap(new byte[] {COMMA}));
    }

    @Override
    protected final boolean decodeNext() {
        int start = readIndex();
        int end = endIndex();
        long length = 0;
        int colon = start;
        for (; colon < end; colon++) {
            byte b = byteAt(colon);
            if (b == COLON) {
                break;
            }
            if (b < '0' || b > '9') {
                return reject("netstring length contains " + describe(b));
            }
            if (colon > start && length == 0) {
                return reject("netstring length has a leading zero");
            }
            length = length * 10 + (b - '0');
            if (length > maxLength()) {
                discardAllInput();
                consumeTo(end);
                lengthLimitExceeded(length);
                return true;
            }
        }
        if (colon == end) {
            return false;
        }
        if (colon == start) {
            return reject("netstring length is empty");
        }
        long comma = colon + 1 + length;
        if (comma >= end) {
            return false;
        }
        if (byteAt((int) comma) != COMMA) {
            return reject("netstring does not end with a comma but with " + describe(byteAt((int) comma)));
        }
        consumeTo((int) comma + 1);
        stringReceived(slice(colon + 1, (int) comma));
        return true;
    }

    @Override
    protected final int bytesToComplete(ByteBuffer chunk) {
        int start = readIndex();
        int end = endIndex();
        long length = 0;
        for (int i = start; i < end; i++) {
            byte b = byteAt(i);
            if (b == COLON) {
                return (int) Math.max(0, i + 1 + length + 1 - end);
            }
            if (b < '0' || b > '9' || length > maxLength()) {
                return 0; // broken: let decodeNext say so
            }
            length = length * 10 + (b - '0');
        }
        // The length is still arriving: take up to its colon, then the string is measured.
        int digitsAllowed = Long.toString(maxLength()).length() + 1;
        for (int i = chunk.position(); i < chunk.limit() && i - chunk.position() <= digitsAllowed; i++) {
            if (chunk.get(i) == COLON) {
                return i - chunk.position() + 1;
            }
        }
        return chunk.remaining();
    }

    private boolean reject(String reason) {
        discardAllInput();
        consumeTo(endIndex());
        illegalString(reason);
        return true;
    }

    private static String describe(byte b) {
        return b >= 0x20 && b < 0x7f ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
    }
}
