package io.torsion.epoll.nativeio;

import java.io.IOException;

/**
 * A system call failed in a way the native layer does not turn into a result code. The message
 * names the call and the error ("connect: EHOSTUNREACH (no route to host)").
 */
public class NativeIoException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    NativeIoException(String call, int errno) {
        super(call + ": " + Errno.describe(errno));
        this.errno = errno;
    }

    /** The errno the call reported, for logs and tests; the reactor does not branch on it. */
    public int errno() {
        return errno;
    }
}
