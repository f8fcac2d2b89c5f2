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
import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outgoing connection's lifecycle, for any kind of stream: connect, time out, hand the
 * connection to the factory's protocol, and tell the factory how it ended, so it may call
 * {@link #connect()} again.
 *
 * <p>The factory is started (refcounted with its ports) when an attempt begins and stopped after the
 * attempt's failure or loss has been reported, as Twisted's connectors do. A refused connection is
 * reported with one wording on every backend: {@code "connection refused by <destination>"}.
 */
final class StreamConnector implements Connector {

    /** Where to connect, found again for each attempt (a host name may resolve differently). */
    interface Destination {
        /** The address to connect to now; throws when there is none (a name that does not resolve). */
        SocketAddress resolve() throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(StreamConnector.class);

    private enum State { DISCONNECTED, CONNECTING, CONNECTED }

    private final EventLoop loop;
    private final Destination where;
    private final ClientFactory factory;
    private final Duration timeout;
    private State state = State.DISCONNECTED;
    private StreamConnection connection;
    private DelayedCall timeoutCall;
    private SocketAddress destination;

    StreamConnector(EventLoop loop, SocketAddress shown, Destination where, ClientFactory factory, Duration timeout) {
        this.loop = loop;
        this.destination = shown;
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
            log.error("{}: startedConnecting threw", destination, e);
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
            connectFailed(new IOException("connection attempt to " + destination + " was stopped"));
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
        return "Connector[" + destination + ", " + state + "]";
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
            log.error("{}: clientConnectionFailed threw", destination, e);
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
            log.error("{}: buildProtocol threw", destination, e);
            protocol = null;
        }
        if (protocol == null) {
            state = State.CONNECTING;
            connectFailed(new IOException("the factory refused the connection to " + destination));
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
            log.error("{}: clientConnectionLost threw", destination, e);
        }
        loop.factoryStopping(factory);
    }

    private void timedOut() {
        timeoutCall = null;
        connectFailed(new ConnectTimedOut("connecting to " + destination + " took longer than "
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
        ConnectionRefused refused = new ConnectionRefused("connection refused by " + destination);
        refused.initCause(error);
        return refused;
    }
}
