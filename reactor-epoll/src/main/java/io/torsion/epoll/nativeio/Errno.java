package io.torsion.epoll.nativeio;

/**
 * The errno values the native layer tells apart, from {@code <asm-generic/errno-base.h>} and
 * {@code <asm-generic/errno.h>} (x86-64 and aarch64 share them), with the short text used in
 * exception messages. Nothing above {@link Fd} sees these numbers.
 */
final class Errno {

    private Errno() {
    }

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int ENOEXEC = 8;
    static final int EBADF = 9;
    static final int ECHILD = 10;
    static final int EAGAIN = 11; // also EWOULDBLOCK on Linux
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int EPIPE = 32;
    static final int ENOSYS = 38;
    static final int ENONET = 64;
    static final int EPROTO = 71;
    static final int EDESTADDRREQ = 89;
    static final int EMSGSIZE = 90;
    static final int ENOPROTOOPT = 92;
    static final int EOPNOTSUPP = 95;
    static final int EAFNOSUPPORT = 97;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETDOWN = 100;
    static final int ENETUNREACH = 101;
    static final int ECONNABORTED = 103;
    static final int ECONNRESET = 104;
    static final int ENOBUFS = 105;
    static final int EISCONN = 106;
    static final int ENOTCONN = 107;
    static final int ETIMEDOUT = 110;
    static final int ECONNREFUSED = 111;
    static final int EHOSTDOWN = 112;
    static final int EHOSTUNREACH = 113;
    static final int EALREADY = 114;
    static final int EINPROGRESS = 115;

    /** "ECONNRESET" and so on: the symbol alone, for code that words errors itself. */
    static String name(int errno) {
        String described = describe(errno);
        int space = described.indexOf(' ');
        return space < 0 ? described : described.substring(0, space);
    }

    /** "ECONNRESET (connection reset by peer)" and so on; "errno 42" for the rest. */
    static String describe(int errno) {
        String text = switch (errno) {
            case EPERM -> "EPERM (operation not permitted)";
            case ENOENT -> "ENOENT (no such file or directory)";
            case ESRCH -> "ESRCH (no such process)";
            case EINTR -> "EINTR (interrupted system call)";
            case ENOEXEC -> "ENOEXEC (exec format error)";
            case ECHILD -> "ECHILD (no child processes)";
            case ENOSYS -> "ENOSYS (function not implemented)";
            case EBADF -> "EBADF (bad file descriptor)";
            case EAGAIN -> "EAGAIN (resource temporarily unavailable)";
            case ENOMEM -> "ENOMEM (out of memory)";
            case EACCES -> "EACCES (permission denied; a broadcast needs SO_BROADCAST)";
            case EEXIST -> "EEXIST (already exists)";
            case ENODEV -> "ENODEV (no such device)";
            case ENOTDIR -> "ENOTDIR (not a directory)";
            case EINVAL -> "EINVAL (invalid argument)";
            case ENFILE -> "ENFILE (too many open files in system)";
            case EMFILE -> "EMFILE (too many open files)";
            case EPIPE -> "EPIPE (broken pipe)";
            case EPROTO -> "EPROTO (protocol error)";
            case EDESTADDRREQ -> "EDESTADDRREQ (destination address required)";
            case EMSGSIZE -> "EMSGSIZE (message too long)";
            case EAFNOSUPPORT -> "EAFNOSUPPORT (address family not supported)";
            case EADDRINUSE -> "EADDRINUSE (address already in use)";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL (cannot assign requested address)";
            case ENETDOWN -> "ENETDOWN (network is down)";
            case ENETUNREACH -> "ENETUNREACH (network is unreachable)";
            case ECONNABORTED -> "ECONNABORTED (software caused connection abort)";
            case ECONNRESET -> "ECONNRESET (connection reset by peer)";
            case ENOBUFS -> "ENOBUFS (no buffer space available)";
            case EISCONN -> "EISCONN (transport endpoint is already connected)";
            case ENOTCONN -> "ENOTCONN (transport endpoint is not connected)";
            case ETIMEDOUT -> "ETIMEDOUT (connection timed out)";
            case ECONNREFUSED -> "ECONNREFUSED (connection refused)";
            case EHOSTUNREACH -> "EHOSTUNREACH (no route to host)";
            case EALREADY -> "EALREADY (operation already in progress)";
            case EINPROGRESS -> "EINPROGRESS (operation now in progress)";
            default -> null;
        };
        return text != null ? text : "errno " + errno;
    }
}
