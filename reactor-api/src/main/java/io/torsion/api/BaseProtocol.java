package io.torsion.api;

import java.nio.ByteBuffer;

/**
 * The usual starting point for a protocol: keeps the {@link #transport} and the {@link #factory}
 * that built it, and does nothing on each event unless overridden.
 */
public abstract class BaseProtocol implements Protocol {

    /** The connection's transport; set before {@link #connectionMade()} runs. */
    protected Transport transport;

    /**
     * The factory that built this protocol, set by the reactor right after
     * {@link Factory#buildProtocol} returns, unless the factory already set it.
     */
    protected Factory factory;

    @Override
    public void makeConnection(Transport transport) {
        this.transport = transport;
        connectionMade();
    }

    @Override
    public void connectionMade() {
    }

    @Override
    public void dataReceived(ByteBuffer data) {
    }

    @Override
    public void connectionLost(ConnectionClosed reason) {
    }

    /** The factory that built this protocol, or null when none was recorded. */
    public Factory factory() {
        return factory;
    }

    /** Records the factory that built this protocol; the reactor calls this, users rarely do. */
    public void setFactory(Factory factory) {
        this.factory = factory;
    }
}
