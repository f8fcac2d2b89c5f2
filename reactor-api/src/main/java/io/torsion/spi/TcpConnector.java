package io.torsion.spi;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectTimedOut;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Connector;
import io.torsion.api.DelayedCall;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * One outgoing connection's lifecycle: connect, time out, hand the connection to the factory's
 * protocol, and tell the factory how it ended, so it may call {@link #connect()} again.
 *
 * <p>The factory is started (refcounted with its ports) when an attempt begins and stopped after the
 * attempt's failure or loss has been reported, as Twisted's connectors do.
 */
final class TcpConnector implements Connector {

    private enum State { DISCONNECTED, CONNECTING, CONNECTED }

    private final EventLoop loop;
    private final String host;
    private final int port;
    private final ClientFactory factory;
    private final Duration timeout;
    private State state = State.DISCONNECTED;
    private StreamTransport transport;
    private DelayedCall timeoutCall;
    private InetSocketAddress destination;
    /** The destination as the user wrote it, for messages: {@code 127.0.0.1:80}, {@code [::1]:80}, {@code example.org:80}. */
    private final String target;

    TcpConnector(EventLoop loop, String host, int port, ClientFactory factory, Duration timeout) {
        this.loop = loop;
        this.host = host;
        this.port = port;
        this.factory = factory;
        this.timeout = timeout;
        this.destination = InetSocketAddress.createUnresolved(host, port);
        this.target = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public void connect() {
        if (state != State.DISCONNECTED) {
            return;
        }
        state = State.CONNECTING;
        loop.connectorStarted(this);
        loop.factoryStarting(factory);
        try {
            factory.startedConnecting(this);
        } catch (RuntimeException e) {
            loop.uncaughtError(target + ": startedConnecting threw", e);
        }
        if (state != State.CONNECTING) {
            return; // the factory gave up inside startedConnecting
        }
        InetSocketAddress resolved = new InetSocketAddress(host, port);
        if (resolved.isUnresolved()) {
            failSoon(new UnknownHostException(host));
            return;
        }
        destination = resolved;
        try {
            transport = loop.openConnection(resolved);
        } catch (IOException e) {
            failSoon(e);
            return;
        }
        transport.connector = this;
        timeoutCall = loop.callLater(timeout, this::timedOut);
        transport.beginWatching();
    }

    @Override
    public void stopConnecting() {
        if (state == State.CONNECTING) {
            connectFailed(new IOException("connection attempt to " + target + " was stopped"));
        }
    }

    @Override
    public void disconnect() {
        if (state == State.CONNECTED) {
            transport.loseConnection();
        } else {
            stopConnecting();
        }
    }

    @Override
    public InetSocketAddress destination() {
        return destination;
    }

    @Override
    public Reactor reactor() {
        return loop;
    }

    @Override
    public String toString() {
        return target;
    }

    /** The attempt failed: report it once. */
    void connectFailed(IOException error) {
        if (state != State.CONNECTING) {
            return;
        }
        cancelTimeout();
        if (transport != null) {
            transport.discard();
            transport = null;
        }
        state = State.DISCONNECTED;
        loop.connectorFinished(this);
        // One wording whichever layer saw the refusal; the backend's exception stays as the cause.
        IOException reason = error instanceof ConnectException || error instanceof ConnectionRefused
                ? refused(error) : error;
        try {
            factory.clientConnectionFailed(this, reason);
        } catch (RuntimeException e) {
            loop.uncaughtError(target + ": clientConnectionFailed threw", e);
        }
        loop.factoryStopping(factory);
    }

    /** The connect completed: build the protocol and start the connection. */
    void connected() {
        cancelTimeout();
        state = State.CONNECTED;
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(transport.getPeer());
        } catch (RuntimeException e) {
            loop.uncaughtError(target + ": buildProtocol threw", e);
            protocol = null;
        }
        if (protocol == null) {
            state = State.CONNECTING;
            connectFailed(new IOException("the factory refused the connection to " + target));
            return;
        }
        if (protocol instanceof BaseProtocol base && base.factory() == null) {
            base.setFactory(factory);
        }
        transport.start(protocol, this::lost);
    }

    private void lost(ConnectionClosed reason) {
        state = State.DISCONNECTED;
        transport = null;
        loop.connectorFinished(this);
        try {
            factory.clientConnectionLost(this, reason);
        } catch (RuntimeException e) {
            loop.uncaughtError(target + ": clientConnectionLost threw", e);
        }
        loop.factoryStopping(factory);
    }

    private void timedOut() {
        timeoutCall = null;
        connectFailed(new ConnectTimedOut("connecting to " + target + " took longer than "
                + timeout.toMillis() + " ms"));
    }

    private void failSoon(IOException error) {
        loop.runSoon(() -> connectFailed(error));
    }

    private void cancelTimeout() {
        if (timeoutCall != null) {
            timeoutCall.cancel();
            timeoutCall = null;
        }
    }

    private ConnectionRefused refused(IOException cause) {
        ConnectionRefused refused = new ConnectionRefused("connection to " + target + " refused");
        refused.initCause(cause);
        return refused;
    }
}
