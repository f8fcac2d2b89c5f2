package io.torsion.api;

import java.nio.ByteBuffer;

/**
 * The bytes a framing protocol has received but not yet handed on: a partial frame, or whole frames
 * held back while paused. One growable array, reused from chunk to chunk, so a connection in steady
 * state allocates nothing here; after an unusually large frame it shrinks back once emptied.
 *
 * <p>Readable bytes are {@code [readIndex, writeIndex)} of {@link #array()}. Not thread-safe.
 */
final class ReceiveBuffer {

    /** The first allocation: enough for the usual partial line or small frame. */
    private static final int INITIAL_CAPACITY = 256;

    /** Above this, an emptied buffer gives its array back rather than pinning the memory. */
    private static final int RETAINED_CAPACITY = 64 * 1024;

    private byte[] array = new byte[0];
    private ByteBuffer wrapper = ByteBuffer.wrap(array);
    private int readIndex;
    private int writeIndex;

    int readIndex() {
        return readIndex;
    }

    int writeIndex() {
        return writeIndex;
    }

    int readable() {
        return writeIndex - readIndex;
    }

    boolean isEmpty() {
        return readIndex == writeIndex;
    }

    /** A heap buffer over the whole backing array; indices are absolute. Changes when the array grows. */
    ByteBuffer array() {
        return wrapper;
    }

    /** Marks the bytes before {@code index} as consumed; an emptied buffer starts again at 0. */
    void consumeTo(int index) {
        if (index < readIndex || index > writeIndex) {
            throw new IndexOutOfBoundsException(index + " outside [" + readIndex + ", " + writeIndex + "]");
        }
        readIndex = index;
        if (readIndex == writeIndex) {
            clear();
        }
    }

    /** Drops everything, releasing an oversized array. */
    void clear() {
        readIndex = 0;
        writeIndex = 0;
        if (array.length > RETAINED_CAPACITY) {
            array = new byte[0];
            wrapper = ByteBuffer.wrap(array);
        }
    }

    /** Copies {@code length} bytes from {@code src}'s position, advancing it. */
    void append(ByteBuffer src, int length) {
        if (length <= 0) {
            return;
        }
        makeRoom(length);
        src.get(array, writeIndex, length);
        writeIndex += length;
    }

    /** Copies all of {@code other}'s readable bytes and empties it. */
    void appendAndClear(ReceiveBuffer other) {
        int length = other.readable();
        if (length > 0) {
            makeRoom(length);
            System.arraycopy(other.array, other.readIndex, array, writeIndex, length);
            writeIndex += length;
        }
        other.clear();
    }

    private void makeRoom(int length) {
        if (array.length - writeIndex >= length) {
            return;
        }
        int readable = readable();
        if (array.length - readable >= length) {
            // Room enough once the consumed prefix is dropped: moving is cheaper than growing.
            System.arraycopy(array, readIndex, array, 0, readable);
        } else {
            int needed = Math.addExact(readable, length);
            int capacity = Math.max(INITIAL_CAPACITY, array.length);
            while (capacity < needed) {
                capacity = capacity > Integer.MAX_VALUE / 2 ? needed : capacity * 2;
            }
            byte[] grown = new byte[capacity];
            System.arraycopy(array, readIndex, grown, 0, readable);
            array = grown;
            wrapper = ByteBuffer.wrap(array);
        }
        readIndex = 0;
        writeIndex = readable;
    }
}
