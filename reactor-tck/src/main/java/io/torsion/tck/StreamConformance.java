package io.torsion.tck;

/**
 * Every stream case of the kit, over one kind of stream socket ({@link SocketKind}): echo, close,
 * reset, pausing, flow control, half-close, idle timeout, exceptions, errors, clients, factories,
 * shutdown, load, LineReceiver over the wire, reconnecting, sending files. A backend runs it once per kind; the
 * cases that do not depend on the socket kind (timers, the thread pool, endpoint strings, TLS) are
 * added by {@link ReactorConformance}, which a backend runs once.
 */
public abstract class StreamConformance extends ReactorKit implements
        EchoConformance,
        CloseConformance,
        RoundConformance,
        FlowControlConformance,
        HalfCloseConformance,
        CallbackExceptionConformance,
        ErrorConformance,
        ClientConformance,
        FactoryConformance,
        IdleTimeoutConformance,
        ShutdownConformance,
        LoadConformance,
        LineReceiverConformance,
        ReconnectConformance,
        StartTlsConformance,
        SendFileConformance {

    /** The stream cases over {@code kind}. */
    protected StreamConformance(SocketKind kind) {
        super(kind);
    }
}
