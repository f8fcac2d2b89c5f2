package io.torsion.tck;

/**
 * The whole kit in one class: a backend runs every conformance test with one subclass that says
 * how to make its reactor.
 *
 * <pre>{@code
 * class SelectConformanceTest extends ReactorConformance {
 *     @Override
 *     protected Reactor newReactor() {
 *         return Reactors.create("select");
 *     }
 * }
 * }</pre>
 *
 * <p>Every test runs with a fresh reactor and reports under the subclass's name, so a backend with
 * several modes (epoll level- and edge-triggered) writes one such class per mode. A backend that
 * wants only some topics extends {@link ReactorKit} and implements those topic interfaces instead.
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
        ClientConformance,
        FactoryConformance,
        IdleTimeoutConformance,
        ShutdownConformance,
        LoadConformance,
        LineReceiverConformance,
        ReconnectConformance,
        ThreadPoolConformance,
        EndpointConformance,
        TlsInteropConformance,
        DatagramConformance {
}
