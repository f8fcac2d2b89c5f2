package io.torsion.epoll.nativeio;

import java.util.Locale;
import jnr.ffi.Pointer;

/**
 * An array of {@code struct epoll_event} in native memory, read and written at computed offsets.
 *
 * <pre>
 * struct epoll_event {         // &lt;sys/epoll.h&gt; (glibc), &lt;linux/eventpoll.h&gt; (kernel)
 *     uint32_t     events;     // offset 0
 *     epoll_data_t data;       // a union, 8 bytes; this backend uses data.u64
 * } __EPOLL_PACKED;
 * </pre>
 *
 * <p>On x86-64 both headers declare the struct packed ({@code __EPOLL_PACKED} in glibc's
 * {@code bits/epoll.h}, {@code EPOLL_PACKED} in the kernel's, for compatibility with 32-bit x86), so
 * {@code data} sits at offset 4 and an element is 12 bytes. Everywhere else (aarch64, riscv64,
 * ppc64le) the struct has natural alignment: {@code data} at offset 8, 16 bytes per element.
 *
 * <p>One array is allocated per reactor and reused for every {@code epoll_wait}; reading an event
 * allocates nothing. The owner frees it with {@link #free()}. Public only for the reactor in
 * {@code io.torsion.epoll}.
 */
public final class EpollEventArray {

    /** Bytes per element on this machine: 12 on x86-64, 16 elsewhere. */
    static final int SIZE;
    /** Offset of {@code data.u64} in an element: 4 on x86-64, 8 elsewhere. */
    static final int DATA_OFFSET;
    /** Offset of {@code events}: first in the struct on every architecture. */
    static final int EVENTS_OFFSET = 0;

    static {
        boolean packed = isPacked(System.getProperty("os.arch", ""));
        SIZE = packed ? 12 : 16;
        DATA_OFFSET = packed ? 4 : 8;
    }

    private final NativeMemory memory;
    private final Pointer pointer;
    private final int capacity;

    /** An array of {@code capacity} zeroed elements; the caller owns it and frees it. */
    public EpollEventArray(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.memory = NativeMemory.allocate((long) capacity * SIZE);
        this.pointer = memory.pointer();
    }

    /** True for the architectures whose layout this class knows (64-bit x86 and ARM, riscv64, ppc64le). */
    static boolean knowsLayoutFor(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return isPacked(arch) || arch.equals("aarch64") || arch.equals("riscv64") || arch.equals("ppc64le");
    }

    private static boolean isPacked(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    public int capacity() {
        return capacity;
    }

    long address() {
        return memory.address();
    }

    /** The {@code events} bits of element {@code i}. */
    public int events(int i) {
        return pointer.getInt((long) i * SIZE + EVENTS_OFFSET);
    }

    /** The {@code data.u64} of element {@code i}: the registration tag. */
    public long data(int i) {
        return pointer.getLong((long) i * SIZE + DATA_OFFSET);
    }

    /** Fills element {@code i}, for {@code epoll_ctl}. */
    void set(int i, int events, long data) {
        long base = (long) i * SIZE;
        pointer.putInt(base + EVENTS_OFFSET, events);
        pointer.putLong(base + DATA_OFFSET, data);
    }

    /** Frees the native memory. Idempotent. */
    public void free() {
        memory.free();
    }
}
