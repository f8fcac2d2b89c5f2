package io.torsion.api.tls;

/**
 * A protocol that wants to hear when its connection's TLS handshake is done (Twisted's
 * {@code IHandshakeListener}). With the default order this is called right after
 * {@code connectionMade}; with {@link TlsOptions.Builder#connectionMadeBeforeHandshake()} or after
 * {@code startTls} it is how the protocol learns that the connection is now encrypted. Called at
 * most once per handshake, on the reactor thread.
 */
public interface HandshakeListener {

    /** The handshake finished; {@code session} says what was agreed. */
    void handshakeCompleted(TlsSession session);
}
