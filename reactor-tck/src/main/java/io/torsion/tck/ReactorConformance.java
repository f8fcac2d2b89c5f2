package io.torsion.tck;

/**
 * The whole kit over TCP on IPv4: every stream case ({@link StreamConformance}) plus what does not
 * depend on the kind of stream socket (timers, the thread pool, endpoint strings, TLS, datagrams). A backend runs
 * this once and {@link StreamConformance} for each further kind, each in a nested class of its
 * {@link BackendConformance}, which says how to make its reactor.
 *
 * <p>Every test runs with a fresh reactor and reports under the nested class's name, so a backend with
 * several modes (epoll level- and edge-triggered) writes one such class per mode. A backend that
 * wants only some topics extends {@link ReactorKit} and implements those topic interfaces instead.
 * Topics carry JUnit tags ({@code echo}, {@code close}, {@code flow}, ...) for running one at a
 * time with {@code -Dgroups=...}.
 */
public abstract class ReactorConformance extends StreamConformance implements
        TimerConformance,
        ThreadPoolConformance,
        ConnectProtocolConformance,
        HostNameConformance,
        LengthPrefixConformance,
        EndpointConformance,
        TlsInteropConformance,
        DatagramConformance,
        SocketPairConformance,
        ProcessConformance {

    protected ReactorConformance() {
        super(SocketKind.TCP4);
    }
}
