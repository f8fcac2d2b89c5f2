package io.torsion.spi;

import java.io.IOException;

/**
 * Thrown by a backend's accept when the process or the system is out of file descriptors (EMFILE,
 * ENFILE). The shared listener logic then stops accepting for a moment instead of spinning. Use
 * {@link #INSTANCE}: building a new exception on that path could itself fail.
 */
public final class TooManyOpenFiles extends IOException {

    private static final long serialVersionUID = 1L;

    /** Shared, stack-trace free: creating it needs no memory and no file descriptor. */
    public static final TooManyOpenFiles INSTANCE = new TooManyOpenFiles();

    private TooManyOpenFiles() {
        super("Too many open files", null);
        setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
