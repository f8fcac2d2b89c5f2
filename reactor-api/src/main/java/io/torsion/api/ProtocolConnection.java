package io.torsion.api;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The one-attempt client factory behind {@link Reactor#connectProtocol}: it hands out its one
 * protocol and turns the attempt's outcome into a stage.
 */
final class ProtocolConnection<P extends Protocol> implements ClientFactory {

    private final Reactor reactor;
    private final P protocol;
    private final Executor completeOn;
    private final CompletableFuture<P> stage = new CompletableFuture<>();
    private boolean handedOut;

    ProtocolConnection(Reactor reactor, P protocol, Executor completeOn) {
        this.reactor = reactor;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.completeOn = completeOn;
    }

    CompletableFuture<P> stage() {
        return stage;
    }

    /** Cancelling the stage before the connection is made gives the attempt up. */
    void cancelStopsConnecting(Connector connector) {
        stage.whenComplete((p, failure) -> {
            if (stage.isCancelled()) {
                connector.stopConnecting();
            }
        });
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        if (handedOut || stage.isDone()) {
            return null; // one protocol, one connection; a cancelled stage wants none
        }
        handedOut = true;
        // The transport calls connectionMade right after this returns, on this turn; the
        // completion comes after it, on the reactor thread.
        reactor.callFromThread(() -> settle(() -> stage.complete(protocol)));
        return protocol;
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
        Throwable why = reason != null ? reason : new IOException("connection to " + connector.destination() + " failed");
        settle(() -> stage.completeExceptionally(why));
    }

    private void settle(Runnable completion) {
        if (completeOn == null) {
            completion.run();
        } else {
            completeOn.execute(completion);
        }
    }
}
