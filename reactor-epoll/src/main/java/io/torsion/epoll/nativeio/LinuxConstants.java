package io.torsion.epoll.nativeio;

/**
 * The Linux constants the native layer passes to libc. The values are the same on x86-64 and
 * aarch64 (both use the generic socket and errno numbering); each names the header it comes from.
 */
final class LinuxConstants {

    private LinuxConstants() {
    }

    // <bits/socket.h>, <linux/socket.h>
    static final int AF_UNIX = 1;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    // <bits/socket_type.h>; SOCK_NONBLOCK = O_NONBLOCK (04000), SOCK_CLOEXEC = O_CLOEXEC (02000000)
    static final int SOCK_STREAM = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    // <asm-generic/socket.h>
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_ERROR = 4;
    static final int SO_BROADCAST = 6;
    static final int SO_KEEPALIVE = 9;
    static final int SO_REUSEPORT = 15; // Linux 3.9
    static final int SO_PEERCRED = 17;
    // <netinet/in.h>, <netinet/tcp.h>
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_V6ONLY = 26;
    // <bits/in.h>: IPv4 multicast, each taking an int except the membership structs
    static final int IPPROTO_IP = 0;
    static final int IP_MULTICAST_IF = 32; // struct ip_mreqn
    static final int IP_MULTICAST_TTL = 33;
    static final int IP_MULTICAST_LOOP = 34;
    static final int IP_ADD_MEMBERSHIP = 35; // struct ip_mreqn
    static final int IP_DROP_MEMBERSHIP = 36;
    // <linux/in.h>: 0 = deliver only the groups this socket joined (Linux's default, 1, delivers
    // every group any socket on the host joined, to a socket bound to the wildcard)
    static final int IP_MULTICAST_ALL = 49;
    // <bits/in.h>: IPv6 multicast
    static final int IPV6_MULTICAST_IF = 17; // int ifindex
    static final int IPV6_MULTICAST_HOPS = 18;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_JOIN_GROUP = 20; // struct ipv6_mreq (IPV6_ADD_MEMBERSHIP)
    static final int IPV6_LEAVE_GROUP = 21;
    static final int IPV6_MULTICAST_ALL = 29; // <bits/in.h>, as IP_MULTICAST_ALL
    // <netinet/in.h>: protocol-independent source-specific joins, struct group_source_req
    static final int MCAST_JOIN_SOURCE_GROUP = 46;
    static final int MCAST_LEAVE_SOURCE_GROUP = 47;
    // <sys/socket.h>
    static final int SHUT_WR = 1;
    // <bits/socket.h>: never raise SIGPIPE for this send, return EPIPE instead
    static final int MSG_NOSIGNAL = 0x4000;
    // <bits/socket.h>: in msg_flags after a receive, the datagram was longer than the buffer
    static final int MSG_TRUNC = 0x20;

    // <sys/epoll.h>, <linux/eventpoll.h>
    static final int EPOLL_CLOEXEC = 0x80000;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;
    // <sys/eventfd.h>
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    // <asm-generic/fcntl.h> (x86-64 and aarch64 alike): flags of pipe2 and F_SETFL
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_SETFL = 4;
    // <bits/waitflags.h>: waitpid returns 0 at once instead of waiting for a child that still runs
    static final int WNOHANG = 1;
}
