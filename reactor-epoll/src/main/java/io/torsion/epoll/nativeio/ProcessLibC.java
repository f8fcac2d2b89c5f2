package io.torsion.epoll.nativeio;

import jnr.ffi.Pointer;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The raw libc calls for child processes and their pipes, bound by jnr-ffi apart from {@link LibC}
 * and loaded only when a child is first spawned ({@link ProcessCalls}): a C library without one of
 * them (posix_spawn_file_actions_addchdir_np needs glibc 2.29, addclosefrom_np 2.34) leaves the
 * reactor working and makes {@code spawnProcess} fall back to helper threads.
 *
 * <p>As in {@link LibC}, only {@code int}, {@code short} and {@code long} (addresses of native
 * memory the caller owns) cross. Two return conventions: {@code pipe2}, {@code fcntl},
 * {@code waitpid}, {@code sig*set}, {@code writev} and {@code syscall} return -1 and set errno; the
 * {@code posix_spawn*} family returns the error number itself and leaves errno alone.
 */
public interface ProcessLibC {

    /** pipe2(2): {@code fds} points at two ints, [0] the read end, [1] the write end. */
    int pipe2(long fds, int flags);

    /** fcntl(2) with an int argument (F_SETFL). */
    int fcntl(int fd, int cmd, int arg);

    /** writev(2): the gathering write for pipes (send/sendmsg work on sockets only). */
    @ssize_t long writev(int fd, long iov, int iovcnt);

    /** waitpid(2); {@code status} points at an int. */
    int waitpid(int pid, long status, int options);

    /**
     * syscall(2), for the two pidfd calls glibc wraps only from 2.36 on. The numbers are the same on
     * every architecture (they were added after the tables were unified): see {@link ProcessCalls}.
     */
    long syscall(long number, long a1, long a2, long a3, long a4);

    /**
     * posix_spawnp(3). {@code envp} is a {@link Pointer}, not a {@code long}: with six {@code long}
     * parameters jnr-ffi's primitive invoker passed a wrong sixth argument (the call failed with
     * EFAULT), so the last one goes through its pointer conversion, once per spawn.
     */
    int posix_spawnp(long pid, long file, long fileActions, long attributes, long argv, Pointer envp);

    int posix_spawn_file_actions_init(long fileActions);

    int posix_spawn_file_actions_adddup2(long fileActions, int fd, int newFd);

    int posix_spawn_file_actions_addchdir_np(long fileActions, long path);

    int posix_spawn_file_actions_addclosefrom_np(long fileActions, int from);

    int posix_spawn_file_actions_destroy(long fileActions);

    int posix_spawnattr_init(long attributes);

    int posix_spawnattr_setflags(long attributes, short flags);

    int posix_spawnattr_setsigmask(long attributes, long sigset);

    int posix_spawnattr_setsigdefault(long attributes, long sigset);

    int posix_spawnattr_destroy(long attributes);

    int sigemptyset(long sigset);

    int sigfillset(long sigset);

    /** read(2), as in {@link LibC}; here so a pipe needs only this interface. */
    @ssize_t long read(int fd, long buf, @size_t long count);

    /** write(2) of one contiguous range to a pipe. */
    @ssize_t long write(int fd, long buf, @size_t long count);
}
