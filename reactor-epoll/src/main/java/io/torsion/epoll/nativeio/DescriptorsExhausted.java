package io.torsion.epoll.nativeio;

import java.io.IOException;

/**
 * accept failed because the process or the system is out of file descriptors (EMFILE, ENFILE) or
 * of socket memory (ENOBUFS, ENOMEM). The pending connection stays in the backlog.
 *
 * <p>One preallocated instance without a stack trace: the path that meets it must not need memory
 * it might not get, let alone a new descriptor.
 */
public final class DescriptorsExhausted extends IOException {

    private static final long serialVersionUID = 1L;

    static final DescriptorsExhausted INSTANCE = new DescriptorsExhausted();

    private DescriptorsExhausted() {
        super("accept4: out of file descriptors or socket memory (EMFILE, ENFILE, ENOBUFS or ENOMEM)");
    }

    /** Shared and thrown often under pressure: a stack trace would be wrong and cost memory. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    private Object readResolve() {
        return INSTANCE;
    }
}
