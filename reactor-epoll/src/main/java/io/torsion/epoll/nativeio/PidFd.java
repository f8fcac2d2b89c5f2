package io.torsion.epoll.nativeio;

import io.torsion.api.ExitStatus;
import java.io.IOException;

/**
 * A pidfd: a descriptor for one child process (Linux 5.3), readable once the child has exited, so
 * epoll tells the reactor of an exit like any other readiness, and signals go to this process and
 * never to a later one that got the same pid. Reaping is {@code waitpid} for this pid alone.
 */
public final class PidFd extends Fd {

    private static final int STATUS_SIZE = 4; // int

    private final ProcessLibC calls;
    private final int pid;

    private PidFd(Native nat, int fd, int pid) {
        super(nat, fd);
        this.calls = ProcessCalls.libc();
        this.pid = pid;
    }

    /** A pidfd for child {@code pid} (close-on-exec, as every pidfd is). */
    public static PidFd open(long pid) throws IOException {
        Native nat = Native.get();
        long fd = ProcessCalls.libc().syscall(ProcessCalls.SYS_PIDFD_OPEN, pid, 0, 0, 0);
        if (fd < 0) {
            throw failure("pidfd_open", nat.errno());
        }
        return new PidFd(nat, (int) fd, (int) pid);
    }

    public long pid() {
        return pid;
    }

    /** Sends signal {@code signal}; false when the child has already exited (ESRCH). */
    public boolean sendSignal(int signal) throws IOException {
        if (calls.syscall(ProcessCalls.SYS_PIDFD_SEND_SIGNAL, intValue(), signal, 0, 0) == 0) {
            return true;
        }
        int errno = nat.errno();
        if (errno == Errno.ESRCH) {
            return false;
        }
        throw failure("pidfd_send_signal(" + signal + ")", errno);
    }

    /**
     * Reaps the child if it has exited ({@code waitpid} with WNOHANG): its exit status, or null while
     * it still runs. Call after the pidfd was reported readable.
     */
    public ExitStatus reap() throws IOException {
        NativeMemory status = NativeMemory.allocate(STATUS_SIZE);
        try {
            while (true) {
                int n = calls.waitpid(pid, status.address(), LinuxConstants.WNOHANG);
                if (n == pid) {
                    return decode(status.pointer().getInt(0));
                }
                if (n == 0) {
                    return null;
                }
                int errno = nat.errno();
                if (errno != Errno.EINTR) {
                    throw failure("waitpid(" + pid + ")", errno);
                }
            }
        } finally {
            status.free();
        }
    }

    /**
     * For a child that could not be watched: kills it (SIGKILL, through the JDK's {@code kill}; the
     * pid cannot have been reused, since the child is not yet reaped) and reaps it, blocking for the
     * moment a killed process takes to go.
     */
    public static void killAndReap(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Native nat = Native.get();
        NativeMemory status = NativeMemory.allocate(STATUS_SIZE);
        try {
            while (ProcessCalls.libc().waitpid((int) pid, status.address(), 0) < 0 && nat.errno() == Errno.EINTR) {
                // retry; any other failure (ECHILD) leaves nothing to reap
            }
        } finally {
            status.free();
        }
    }

    /**
     * A wait status as glibc's {@code <bits/waitstatus.h>} lays it out: the low 7 bits are the
     * terminating signal (0: exited normally, then bits 8-15 are the exit code); bit 7 is the core
     * dump flag; 0x7f in the low bits means stopped, which waitpid without WUNTRACED never reports.
     */
    public static ExitStatus decode(int status) {
        int signal = status & 0x7f;
        if (signal == 0) {
            return new ExitStatus.Exited((status >> 8) & 0xff);
        }
        return new ExitStatus.Killed(signal);
    }
}
