package io.torsion.spi;

import java.net.SocketAddress;

/** What a pipe of a child process shows as its address (in logs, in {@code getPeer()}): "child 1234 stdout". */
public final class PipeAddress extends SocketAddress {

    private static final long serialVersionUID = 1L;
    private static final String[] NAMES = {"stdin", "stdout", "stderr"};

    private final long pid;
    private final int fd;

    /** The address of stream {@code fd} (0, 1 or 2) of child {@code pid}. */
    public PipeAddress(long pid, int fd) {
        this.pid = pid;
        this.fd = fd;
    }

    public long pid() {
        return pid;
    }

    public int fd() {
        return fd;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipeAddress other && other.pid == pid && other.fd == fd;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 3 + fd;
    }

    @Override
    public String toString() {
        return "child " + pid + " " + (fd >= 0 && fd < NAMES.length ? NAMES[fd] : "fd " + fd);
    }
}
