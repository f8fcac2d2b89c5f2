package io.torsion.epoll.nativeio;

/**
 * Offsets of the multicast option structs, from {@code <netinet/in.h>} and {@code <bits/in.h>}
 * (LP64; verified with offsetof/sizeof against glibc 2.36, pinned by {@code MulticastStructsTest}).
 *
 * <pre>
 * struct ip_mreqn {                    // 12 bytes
 *     struct in_addr imr_multiaddr;    //  0: the group
 *     struct in_addr imr_address;      //  4: a local address (0: use the index)
 *     int            imr_ifindex;      //  8: interface index (0: any)
 * };
 * struct ipv6_mreq {                   // 20 bytes
 *     struct in6_addr ipv6mr_multiaddr; //  0
 *     unsigned int    ipv6mr_interface; // 16
 * };
 * struct group_source_req {            // 264 bytes
 *     uint32_t gsr_interface;          //   0 (+4 padding: sockaddr_storage is 8-aligned)
 *     struct sockaddr_storage gsr_group;  //   8
 *     struct sockaddr_storage gsr_source; // 136
 * };
 * </pre>
 */
final class MulticastStructs {

    private MulticastStructs() {
    }

    static final int IP_MREQN_SIZE = 12;
    static final int IMR_MULTIADDR = 0;
    static final int IMR_ADDRESS = 4;
    static final int IMR_IFINDEX = 8;

    static final int IPV6_MREQ_SIZE = 20;
    static final int IPV6MR_MULTIADDR = 0;
    static final int IPV6MR_INTERFACE = 16;

    static final int GROUP_SOURCE_REQ_SIZE = 264;
    static final int GSR_INTERFACE = 0;
    static final int GSR_GROUP = 8;
    static final int GSR_SOURCE = 136;
}
