package io.torsion.epoll.nativeio;

import com.kenai.jffi.MemoryIO;
import jnr.ffi.Pointer;

/**
 * One block of native memory with exactly one owner, freed exactly once by {@link #free()}.
 *
 * <p>jnr-ffi's {@code Memory.allocateDirect} frees its memory when the Pointer is garbage
 * collected, which is too late for "release everything when the reactor stops" and too early if
 * only the address was kept. This class allocates through jffi's {@code MemoryIO} instead and frees
 * explicitly; the jnr {@link Pointer} it hands out is a non-owning view. The owner keeps this object
 * in a field for as long as any native call may use the memory and frees it once nothing can.
 *
 * <p>Not thread-safe: the owner's thread allocates, uses and frees it.
 */
final class NativeMemory {

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final long address;
    private final long size;
    private final Pointer pointer;
    private boolean freed;

    private NativeMemory(long address, long size) {
        this.address = address;
        this.size = size;
        this.pointer = Pointer.wrap(Native.get().runtime(), address, size);
    }

    /** {@code size} zeroed bytes. */
    static NativeMemory allocate(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        long address = IO.allocateMemory(size, true);
        if (address == 0) {
            throw new OutOfMemoryError("native allocation of " + size + " bytes failed");
        }
        return new NativeMemory(address, size);
    }

    /** The start address; valid until {@link #free()}. */
    long address() {
        if (freed) {
            throw new IllegalStateException("native memory used after free");
        }
        return address;
    }

    long size() {
        return size;
    }

    /** A jnr view of the memory for typed reads and writes at offsets; valid until {@link #free()}. */
    Pointer pointer() {
        return pointer;
    }

    boolean isFreed() {
        return freed;
    }

    /** Returns the memory to the C heap. Idempotent: the second call does nothing. */
    void free() {
        if (!freed) {
            freed = true;
            IO.freeMemory(address);
        }
    }
}
