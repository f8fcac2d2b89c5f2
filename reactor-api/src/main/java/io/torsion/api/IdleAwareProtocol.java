package io.torsion.api;

/**
 * A protocol that decides itself what an idle timeout means, like Twisted's
 * {@code TimeoutMixin.timeoutConnection}: send a ping, close, or anything else.
 *
 * <p>Without this interface, a connection whose idle timeout expires is closed with
 * {@link ConnectionTimedOut}. With it, the transport calls {@link #timeoutConnection} instead and
 * leaves the connection open; the timeout then watches the next interval from now, so a protocol
 * that only pings is called again if the peer stays silent. Set the timeouts with
 * {@link Transport#setIdleTimeouts}; start them over by hand with {@link Transport#resetIdleTimeouts()}.
 */
public interface IdleAwareProtocol extends Protocol {

    /** The connection was idle, in the way {@code kind} says, for its interval. On the reactor thread. */
    void timeoutConnection(IdleKind kind);
}
