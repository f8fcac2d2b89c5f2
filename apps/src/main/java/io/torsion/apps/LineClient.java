package io.torsion.apps;

import io.torsion.api.BaseProtocol;
import io.torsion.api.ClientFactory;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionRefused;
import io.torsion.api.Connector;
import io.torsion.api.Protocol;
import io.torsion.api.Reactor;
import io.torsion.api.Transport;
import io.torsion.api.endpoints.StreamClientEndpoint;
import java.io.PrintStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A telnet-style line client: what is typed on standard input goes to the server, what the server
 * sends is printed. Standard input is one more stream of the reactor, so one thread serves both.
 *
 * <p>When input ends the client half-closes and waits for the server to close, at most
 * {@code linger}. When the server closes first it says so. Either way the exit code is 0; it is 1
 * when the connection could not be made.
 */
public final class LineClient implements ClientFactory {

    private final Reactor reactor;
    private final StreamClientEndpoint endpoint;
    private final String destination;
    private final Duration linger;
    private final boolean prompt;
    private final PrintStream out;
    private final PrintStream err;
    private Transport input;
    private Transport server;
    private boolean inputEnded;
    private boolean finished;
    private int exitCode;

    /**
     * @param destination the server as the user named it, for messages
     * @param prompt show a {@code <You> } prompt (for a terminal, not for a pipe)
     * @param out where the server's bytes and notices go
     * @param err where the reason for a failed connection goes
     */
    public LineClient(Reactor reactor, StreamClientEndpoint endpoint, String destination, Duration linger,
            boolean prompt, PrintStream out, PrintStream err) {
        this.reactor = reactor;
        this.endpoint = endpoint;
        this.destination = destination;
        this.linger = linger;
        this.prompt = prompt;
        this.out = out;
        this.err = err;
    }

    /** Attaches standard input and connects; call before {@code reactor.run()}. */
    public void start() {
        reactor.attachStandardInput(new Keyboard());
    }

    /** 0 after a connection, 1 when it could not be made; valid once {@code reactor.run()} returned. */
    public int exitCode() {
        return exitCode;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        return new Server();
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        String why = reason instanceof ConnectionRefused ? "connection refused" : reason.getMessage();
        err.println("torsion client: cannot connect to " + destination + ": " + why);
        exitCode = 1;
        finish();
    }

    private void finish() {
        finished = true;
        out.flush();
        reactor.stop();
    }

    private void print(String text) {
        out.print(text);
        out.flush();
    }

    private void showPrompt() {
        if (prompt) {
            print("<You> ");
        }
    }

    /** Standard input: held paused until the server connection is up, then relayed to it. */
    private final class Keyboard extends BaseProtocol {

        @Override
        public void connectionMade() {
            input = transport;
            input.pauseProducing();
            endpoint.connect(reactor, LineClient.this);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            server.write(data);
            showPrompt();
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            if (finished || server == null || !server.isOpen()) {
                return;
            }
            inputEnded = true;
            server.loseWriteConnection();
            reactor.callLater(linger, LineClient.this::finish);
        }
    }

    /** The server connection: its bytes are printed as they arrive. */
    private final class Server extends BaseProtocol {

        @Override
        public void connectionMade() {
            server = transport;
            // Stop reading standard input while the server is not taking what we send.
            server.registerProducer(input);
            input.resumeProducing();
            showPrompt();
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            out.write(bytes, 0, bytes.length);
            out.flush();
            showPrompt();
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            if (!inputEnded) {
                print("Disconnected from server" + System.lineSeparator());
            }
            finish();
        }
    }
}
