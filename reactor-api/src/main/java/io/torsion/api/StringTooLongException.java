package io.torsion.api;

/**
 * A string to send is longer than its framing can say, like Twisted's {@code StringTooLongError}:
 * a one-byte length prefix cannot announce 256 bytes. Thrown before anything is written.
 */
public final class StringTooLongException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final long length;
    private final long limit;

    public StringTooLongException(long length, long limit) {
        super("a string of " + length + " bytes is longer than the framing can say (at most " + limit + ")");
        this.length = length;
        this.limit = limit;
    }

    /** The length of the refused string, in bytes. */
    public long length() {
        return length;
    }

    /** The longest string the framing can say, in bytes. */
    public long limit() {
        return limit;
    }
}
