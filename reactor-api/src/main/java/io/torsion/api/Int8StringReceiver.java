package io.torsion.api;

import java.nio.ByteOrder;

/**
 * Strings each prefixed with its length as a one-byte unsigned integer, like Twisted's
 * {@code Int8StringReceiver}: at most 255 bytes each. See {@link LengthPrefixedReceiver}.
 */
public abstract class Int8StringReceiver extends LengthPrefixedReceiver {

    /** Bytes in the length prefix. */
    public static final int PREFIX_LENGTH = 1;

    /** A receiver with the default maximum length. */
    protected Int8StringReceiver() {
        super(PREFIX_LENGTH, ByteOrder.BIG_ENDIAN);
    }
}
