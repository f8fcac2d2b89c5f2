package io.torsion.api;

import java.nio.ByteOrder;

/**
 * Strings each prefixed with its length as a two-byte big-endian unsigned integer, like Twisted's
 * {@code Int16StringReceiver}: at most 65535 bytes each. See {@link LengthPrefixedReceiver}.
 */
public abstract class Int16StringReceiver extends LengthPrefixedReceiver {

    /** Bytes in the length prefix. */
    public static final int PREFIX_LENGTH = 2;

    /** A receiver with the default maximum length. */
    protected Int16StringReceiver() {
        super(PREFIX_LENGTH, ByteOrder.BIG_ENDIAN);
    }
}
