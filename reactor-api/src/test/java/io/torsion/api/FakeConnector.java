package io.torsion.api;

import java.net.InetSocketAddress;

/** A Connector that only counts what is asked of it. */
final class FakeConnector implements Connector {

    private final Reactor reactor;
    int connects;
    int stops;
    int disconnects;

    FakeConnector(Reactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public void connect() {
        connects++;
    }

    @Override
    public void stopConnecting() {
        stops++;
    }

    @Override
    public void disconnect() {
        disconnects++;
    }

    @Override
    public InetSocketAddress destination() {
        return InetSocketAddress.createUnresolved("example.invalid", 7);
    }

    @Override
    public Reactor reactor() {
        if (reactor == null) {
            throw new UnsupportedOperationException("this connector has no reactor");
        }
        return reactor;
    }
}
