package io.torsion.epoll.nativeio;

import java.util.Optional;
import jnr.ffi.LibraryLoader;

/**
 * The process calls ({@link ProcessLibC}), loaded once per JVM on first use, or the reason they
 * cannot be used here: the C library lacks one of them, or the kernel has no pidfd (Linux 5.3),
 * which is how the reactor hears of an exit without blocking. Then {@code spawnProcess} uses helper
 * threads instead; the rest of the backend is unaffected.
 */
public final class ProcessCalls {

    // <asm-generic/unistd.h>: numbers added after 4.18 are the same on every architecture
    static final long SYS_PIDFD_SEND_SIGNAL = 424;
    static final long SYS_PIDFD_OPEN = 434;

    private static final class Holder {
        static final ProcessCalls INSTANCE = load();
    }

    private final ProcessLibC libc;
    private final String unavailableReason;

    private ProcessCalls(ProcessLibC libc, String unavailableReason) {
        this.libc = libc;
        this.unavailableReason = unavailableReason;
    }

    /** Empty when children can be spawned natively and watched with a pidfd; else the reason, in words. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.INSTANCE.unavailableReason);
    }

    /** The calls; only when {@link #unavailableReason()} is empty. */
    static ProcessLibC libc() {
        ProcessCalls calls = Holder.INSTANCE;
        if (calls.unavailableReason != null) {
            throw new IllegalStateException("native process calls are unavailable: " + calls.unavailableReason);
        }
        return calls.libc;
    }

    private static ProcessCalls load() {
        Optional<String> epoll = Native.unavailableReason();
        if (epoll.isPresent()) {
            return new ProcessCalls(null, epoll.get());
        }
        Native nat = Native.get();
        ProcessLibC libc;
        try {
            libc = LibraryLoader.create(ProcessLibC.class).failImmediately().load("c");
        } catch (LinkageError | RuntimeException e) {
            return new ProcessCalls(null, "the C library lacks a process call: " + e.getMessage());
        }
        // A pidfd of ourselves proves the kernel has them; it is closed at once.
        long fd = libc.syscall(SYS_PIDFD_OPEN, ProcessHandle.current().pid(), 0, 0, 0);
        if (fd < 0) {
            return new ProcessCalls(null, "pidfd_open failed: " + Errno.describe(nat.errno()));
        }
        nat.libc().close((int) fd);
        return new ProcessCalls(libc, null);
    }
}
