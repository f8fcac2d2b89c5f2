package io.torsion.epoll.nativeio;

import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The raw libc calls the epoll backend makes, bound by jnr-ffi. Each method returns exactly what
 * libc returns; -1 means "look at errno", which only {@link Fd} and its subclasses do, right after
 * the call and on the same thread.
 *
 * <p>Every pointer is a {@code long} address of native memory the caller owns (a {@link NativeMemory}
 * held in a field for as long as the call runs). With only {@code int} and {@code long} parameters
 * jnr-ffi generates its fast primitive invoker: no marshalling buffer, no copying, no allocation per
 * call. Pointer-sized {@code long} is correct because this backend runs on 64-bit Linux only.
 *
 * <p>errno is saved by jffi into a thread-local right after each call (jnr-ffi's default,
 * {@code @SaveError}); {@link #close} alone opts out, see there. This interface is public only
 * because jnr-ffi generates its implementation in another class loader; nothing outside
 * {@code io.torsion.epoll} uses it.
 */
public interface LibC {

    /** socket(2): returns a new fd; called with SOCK_NONBLOCK|SOCK_CLOEXEC so no fcntl follows. */
    int socket(int domain, int type, int protocol);

    /** socketpair(2): {@code sv} points at two ints that receive the connected descriptors. */
    int socketpair(int domain, int type, int protocol, long sv);

    /** setsockopt(2): {@code optval} points at {@code optlen} bytes. */
    int setsockopt(int fd, int level, int optname, long optval, int optlen);

    /** getsockopt(2): {@code optlen} points at a socklen_t holding the capacity of {@code optval}. */
    int getsockopt(int fd, int level, int optname, long optval, long optlen);

    /** bind(2) with a sockaddr_in, sockaddr_in6 or sockaddr_un built by {@link SocketAddressCodec}. */
    int bind(int fd, long addr, int addrlen);

    /** listen(2). */
    int listen(int fd, int backlog);

    /**
     * accept4(2): accept and set O_NONBLOCK and FD_CLOEXEC in one call (no fcntl, no window in which
     * a forked child inherits the fd). {@code addrlen} points at a socklen_t, value-result.
     */
    int accept4(int fd, long addr, long addrlen, int flags);

    /** connect(2) on a non-blocking socket: usually -1/EINPROGRESS, completion reported by epoll. */
    int connect(int fd, long addr, int addrlen);

    /** getsockname(2); {@code addrlen} points at a socklen_t, value-result. */
    int getsockname(int fd, long addr, long addrlen);

    /** getpeername(2); {@code addrlen} points at a socklen_t, value-result. */
    int getpeername(int fd, long addr, long addrlen);

    /** read(2) into native memory: the reactor's read buffer, standard input. */
    @ssize_t long read(int fd, long buf, @size_t long count);

    /**
     * write(2), for standard output. Sockets use
     * {@link #send} and {@link #sendmsg} so that MSG_NOSIGNAL can be passed.
     */
    @ssize_t long write(int fd, long buf, @size_t long count);

    /**
     * sendfile(2): {@code ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count)}
     * ({@code <sys/sendfile.h>}). {@code offset} points at an off_t (8 bytes on LP64) that says where
     * in {@code in_fd} to start and is advanced by what was sent; the file's own offset is left alone.
     */
    @ssize_t long sendfile(int outFd, int inFd, long offset, @size_t long count);

    /** send(2) of one contiguous range, always with MSG_NOSIGNAL. */
    @ssize_t long send(int fd, long buf, @size_t long len, int flags);

    /**
     * sendmsg(2): the gathering write. Used instead of writev(2) because writev takes no flags and
     * so cannot say MSG_NOSIGNAL; the msghdr carries only the iovec array.
     */
    @ssize_t long sendmsg(int fd, long msghdr, int flags);

    /**
     * recvmmsg(2): up to {@code vlen} datagrams in one call into a {@code struct mmsghdr} array
     * ({@link MessageVector}); {@code timeout} is 0 (no struct timespec: the socket is non-blocking).
     */
    int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout);

    /**
     * sendmmsg(2): up to {@code vlen} datagrams in one call; returns how many went. A single
     * datagram goes by {@link #sendmsg} with the first msghdr of the same vector rather than by
     * sendto(2): jnr-ffi's six-argument invoker passed sendto's last argument as garbage (strace
     * showed a random addrlen), and a msghdr carries the address in memory instead.
     */
    int sendmmsg(int fd, long msgvec, int vlen, int flags);

    /** shutdown(2); SHUT_WR for half-close. */
    int shutdown(int fd, int how);

    /**
     * close(2). {@code @IgnoreError}: on Linux the descriptor is released even when close reports
     * EINTR or EIO, so it is never retried and its errno would change nothing; EBADF cannot happen
     * because {@link Fd} closes exactly once.
     */
    @IgnoreError
    int close(int fd);

    /** epoll_create1(2) with EPOLL_CLOEXEC. */
    int epoll_create1(int flags);

    /** epoll_ctl(2); {@code event} points at one struct epoll_event (see {@link EpollEventArray}). */
    int epoll_ctl(int epfd, int op, int fd, long event);

    /** epoll_wait(2) into the reactor's events array; {@code timeout} in milliseconds, -1 forever. */
    int epoll_wait(int epfd, long events, int maxevents, int timeout);

    /** eventfd(2): the cross-thread wake-up. */
    int eventfd(int initval, int flags);

    /**
     * glibc's eventfd_write(3): adds {@code value} to the counter (an 8-byte write(2) of it).
     * {@code @IgnoreError}: the wake-up never reads errno (EAGAIN would need 2^64-2 unread
     * signals), so saving it would only cost a thread-local store per wake-up.
     */
    @IgnoreError
    int eventfd_write(int fd, long value);

    /**
     * glibc's eventfd_read(3): reads and resets the counter into the 8 bytes at {@code value}.
     * {@code @IgnoreError}: the only failure, EAGAIN (nothing pending), needs no action.
     */
    @IgnoreError
    int eventfd_read(int fd, long value);
}
