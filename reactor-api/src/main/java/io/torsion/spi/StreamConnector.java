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
import java.net.SocketAddress;
import java.time.Duration;

/**
 * One outgoing connection's lifecycle, for any kind of stream: connect, time out, hand the
 * connection to the factory's protocol, and tell the factory how it ended, so it may call
 * {@link #connect()} again.
 *
 * <p>The factory is started (refcounted with its ports) when an attempt begins and stopped after the
 * attempt's failure or loss has been reported, as Twisted's connectors do. A refused connection is
 * reported with one wording on every backend: {@code "connection refused by <destination>"}, the
 * destination as the user gave it ({@code 127.0.0.1:8000}, not {@code 127.0.0.1/<unresolved>:8000}).
 */
final class StreamConnector implements Connector {

    /** Where to connect, found again for each attempt (a host name may resolve differently). */
    interface Destination {
        /** The address to connect to now; throws when there is none (a name that does not resolve). */
        SocketAddress resolve() throws IOException;
    }

    private enum State { DISCONNECTED, CONNECTING, CONNECTED }

    private final EventLoop loop;
    private final Destination where;
    private final ClientFactory factory;
    private final Duration timeout;
    private State state = State.DISCONNECTED;
    private StreamConnection connection;
    private DelayedCall timeoutCall;
    private SocketAddress destination;
    /** The destination as the user gave it, for messages and toString. */
    private final String target;

    StreamConnector(EventLoop loop, SocketAddress shown, Destination where, ClientFactory factory, Duration timeout) {
        this.loop = loop;
        this.destination = shown;
        this.target = asGiven(shown);
        this.where = where;
        this.factory = factory;
        this.timeout = timeout;
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
        try {
            destination = where.resolve();
            connection = loop.openConnection(destination, this);
        } catch (IOException e) {
            loop.runSoon(() -> connectFailed(e));
            return;
        }
        timeoutCall = loop.callLater(timeout, this::timedOut);
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
            connection.loseConnection();
        } else {
            stopConnecting();
        }
    }

    @Override
    public SocketAddress destination() {
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
        if (connection != null) {
            connection.discard();
            connection = null;
        }
        state = State.DISCONNECTED;
        loop.connectorFinished(this);
        try {
            factory.clientConnectionFailed(this, refusedInOneWording(error));
        } catch (RuntimeException e) {
            loop.uncaughtError(target + ": clientConnectionFailed threw", e);
        }
        loop.factoryStopping(factory);
    }

    /** The socket of the connect under way is writable (or in error): see whether it completed. */
    void writable(StreamConnection connection, StreamHandle handle) {
        try {
            if (handle.finishConnect()) {
                connection.connectCompleted();
                connected(connection);
            }
        } catch (IOException e) {
            connectFailed(e);
        }
    }

    /** The connect completed: build the protocol and start the connection. */
    private void connected(StreamConnection connected) {
        cancelTimeout();
        state = State.CONNECTED;
        Protocol protocol;
        try {
            protocol = factory.buildProtocol(connected.getPeer());
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
        connected.start(protocol);
    }

    /** The connection this connector made has closed. */
    void lost(ConnectionClosed reason) {
        state = State.DISCONNECTED;
        connection = null;
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

    private void cancelTimeout() {
        if (timeoutCall != null) {
            timeoutCall.cancel();
            timeoutCall = null;
        }
    }

    private IOException refusedInOneWording(IOException error) {
        if (!(error instanceof ConnectException) && !(error instanceof ConnectionRefused)) {
            return error;
        }
        ConnectionRefused refused = new ConnectionRefused("connection refused by " + target);
        refused.initCause(error);
        return refused;
    }

    /** {@code host:port} as given ({@code [host]:port} for an IPv6 literal), or a socket path. */
    private static String asGiven(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getHostString();
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
