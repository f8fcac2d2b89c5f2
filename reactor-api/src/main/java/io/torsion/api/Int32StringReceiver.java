package io.torsion.api;

import java.nio.ByteOrder;

/**
 * Strings each prefixed with its length as a 4-byte big-endian unsigned integer, like Twisted's
 * {@code Int32StringReceiver}. See {@link LengthPrefixedReceiver}.
 */
public abstract class Int32StringReceiver extends LengthPrefixedReceiver {

    /** The default {@link #setMaxLength maximum string length}, in bytes. */
    public static final int DEFAULT_MAX_LENGTH = LengthPrefixedReceiver.DEFAULT_MAX_LENGTH;

    /** Bytes in the length prefix. */
    public static final int PREFIX_LENGTH = 4;

    /** A receiver with the default maximum length. */
    protected Int32StringReceiver() {
        super(PREFIX_LENGTH, ByteOrder.BIG_ENDIAN);
    }
}
