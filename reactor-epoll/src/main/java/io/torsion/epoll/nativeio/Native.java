package io.torsion.epoll.nativeio;

import java.util.Locale;
import java.util.Optional;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/**
 * The loaded C library, once per JVM, or the reason it could not be loaded. Loading is tried on
 * first use; a failure is remembered, never thrown from class initialisation, so a missing native
 * library makes the backend unavailable rather than breaking the class path scan.
 */
public final class Native {

    /** Read by jffi's {@code MemoryIO.newMemoryIO()}: true selects its JNI implementation over Unsafe. */
    static final String JFFI_UNSAFE_DISABLED = "jffi.unsafe.disabled";

    /** The JDK release from which sun.misc.Unsafe's memory methods print a warning (JEP 498). */
    private static final int UNSAFE_WARNS_FROM = 24;

    static {
        // jffi's MemoryIO picks its sun.misc.Unsafe implementation unless told otherwise, and from
        // JDK 24 that prints a warning no user should have to silence. Its JNI implementation does the
        // same work without the warning; a user's own setting of the property wins.
        if (java.lang.Runtime.version().feature() >= UNSAFE_WARNS_FROM && System.getProperty(JFFI_UNSAFE_DISABLED) == null) {
            System.setProperty(JFFI_UNSAFE_DISABLED, "true");
        }
    }

    private static final Native INSTANCE = load();

    private final LibC libc;
    private final Runtime runtime;
    private final String unavailableReason;

    private Native(LibC libc, Runtime runtime, String unavailableReason) {
        this.libc = libc;
        this.runtime = runtime;
        this.unavailableReason = unavailableReason;
    }

    /**
     * Empty when epoll can be used here: Linux, a 64-bit address space, libc loaded by jnr-ffi, and
     * an epoll instance could actually be made. Otherwise the reason, in words.
     */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(INSTANCE.unavailableReason);
    }

    /** The loaded library; call only when {@link #unavailableReason()} is empty. */
    static Native get() {
        if (INSTANCE.unavailableReason != null) {
            throw new IllegalStateException("epoll is unavailable: " + INSTANCE.unavailableReason);
        }
        return INSTANCE;
    }

    LibC libc() {
        return libc;
    }

    /** errno as saved by jffi right after the last call on this thread; read it before any other call. */
    int errno() {
        return runtime.getLastError();
    }

    Runtime runtime() {
        return runtime;
    }

    private static Native load() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return unavailable("epoll is Linux-only and this is " + os);
        }
        String arch = System.getProperty("os.arch", "");
        if (!EpollEventArray.knowsLayoutFor(arch)) {
            return unavailable("no struct epoll_event layout known for architecture " + arch);
        }
        try {
            Runtime runtime = Runtime.getSystemRuntime();
            if (runtime.addressSize() != 8) {
                return unavailable("a 64-bit JVM is required, this one has " + runtime.addressSize() * 8 + "-bit addresses");
            }
            // failImmediately: a missing symbol (an old libc without accept4) fails here, not at first use.
            LibC libc = LibraryLoader.create(LibC.class).failImmediately().load("c");
            int probe = libc.epoll_create1(LinuxConstants.EPOLL_CLOEXEC);
            if (probe < 0) {
                return unavailable("epoll_create1 failed: " + Errno.describe(runtime.getLastError()));
            }
            libc.close(probe);
            return new Native(libc, runtime, null);
        } catch (LinkageError | RuntimeException e) {
            return unavailable("the native library could not be loaded through jnr-ffi: " + e);
        }
    }

    private static Native unavailable(String reason) {
        return new Native(null, null, reason);
    }
}
