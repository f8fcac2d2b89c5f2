package io.torsion.tck;

/**
 * The whole kit in one class: a backend runs every conformance test with one subclass that says
 * how to make its reactor.
 *
 * <pre>{@code
 * class SelectConformanceTest {
 *     @Nested
 *     class Unix extends ReactorConformance {
 *         Unix() {
 *             super(SocketKind.UNIX);
 *         }
 *
 *         @Override
 *         protected Reactor newReactor() {
 *             return Reactors.create("select");
 *         }
 *     }
 *     // ... one nested class per SocketKind
 * }
 * }</pre>
 *
 * <p>Every test runs with a fresh reactor and reports under the subclass's name, so a backend with
 * several modes (epoll level- and edge-triggered) writes one such class per mode. A backend that
 * wants only some topics extends {@link ReactorKit} and implements those topic interfaces instead.
 * What does not depend on the kind of socket one listens on (socket pairs, child processes) is in
 * {@link LocalConformance}, run once per backend and mode.
 * Topics carry JUnit tags ({@code echo}, {@code close}, {@code flow}, ...) for running one at a
 * time with {@code -Dgroups=...}.
 */
public abstract class ReactorConformance extends ReactorKit implements
        EchoConformance,
        CloseConformance,
        RoundConformance,
        FlowControlConformance,
        HalfCloseConformance,
        TimerConformance,
        CallbackExceptionConformance,
        ErrorConformance,
        ClientConformance,
        FactoryConformance,
        IdleTimeoutConformance,
        ShutdownConformance,
        LoadConformance,
        LineReceiverConformance,
        ReconnectConformance,
        ThreadPoolConformance,
        EndpointConformance {

    /** The kit over TCP on IPv4. */
    protected ReactorConformance() {
        super(SocketKind.TCP4);
    }

    /** The kit over {@code kind} of stream socket. */
    protected ReactorConformance(SocketKind kind) {
        super(kind);
    }
}
