package io.torsion.spi;

import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The face a protocol holds: forwards every {@link Transport} call to the stream underneath, which
 * is the connection itself until a layer is interposed ({@link StreamConnection#interpose}); then
 * the layer's application side. Addresses always come from the connection. A kind's face adds its
 * own interface's methods on top.
 */
abstract class ForwardingTransport implements Transport {

    final StreamConnection connection;

    ForwardingTransport(StreamConnection connection) {
        this.connection = connection;
    }

    @Override
    public final void write(ByteBuffer data) {
        connection.forwardTarget().write(data);
    }

    @Override
    public final void writeSequence(ByteBuffer... data) {
        connection.forwardTarget().writeSequence(data);
    }

    @Override
    public final java.util.concurrent.CompletionStage<Long> sendFile(java.nio.channels.FileChannel file, long position, long count) {
        return connection.forwardTarget().sendFile(file, position, count);
    }

    @Override
    public final void loseConnection() {
        connection.forwardTarget().loseConnection();
    }

    @Override
    public final void abortConnection() {
        connection.forwardTarget().abortConnection();
    }

    @Override
    public final void loseWriteConnection() {
        connection.forwardTarget().loseWriteConnection();
    }

    @Override
    public SocketAddress getPeer() {
        return connection.getPeer();
    }

    @Override
    public SocketAddress getHost() {
        return connection.getHost();
    }

    @Override
    public final void pauseProducing() {
        connection.forwardTarget().pauseProducing();
    }

    @Override
    public final void resumeProducing() {
        connection.forwardTarget().resumeProducing();
    }

    @Override
    public final void stopProducing() {
        connection.forwardTarget().stopProducing();
    }

    @Override
    public final boolean isPaused() {
        return connection.forwardTarget().isPaused();
    }

    @Override
    public final void registerProducer(PushProducer producer) {
        connection.forwardTarget().registerProducer(producer);
    }

    @Override
    public final void unregisterProducer() {
        connection.forwardTarget().unregisterProducer();
    }

    @Override
    public final void setWaterMarks(int high, int low) {
        connection.forwardTarget().setWaterMarks(high, low);
    }

    @Override
    public final long queuedBytes() {
        return connection.forwardTarget().queuedBytes();
    }

    @Override
    public final boolean isWriteBufferFull() {
        return connection.forwardTarget().isWriteBufferFull();
    }

    @Override
    public final void setIdleTimeout(Duration idle) {
        connection.forwardTarget().setIdleTimeout(idle);
    }

    @Override
    public final void setIdleTimeouts(Duration read, Duration write, Duration all) {
        connection.forwardTarget().setIdleTimeouts(read, write, all);
    }

    @Override
    public final void resetIdleTimeouts() {
        connection.forwardTarget().resetIdleTimeouts();
    }

    @Override
    public final boolean isOpen() {
        return connection.forwardTarget().isOpen();
    }

    @Override
    public final java.util.Optional<io.torsion.api.tls.TlsSession> tlsSession() {
        return connection.forwardTarget().tlsSession();
    }

    @Override
    public final void startTls(io.torsion.api.tls.TlsOptions tls, boolean asServer) {
        StartTls.begin(connection, this, tls, asServer);
    }

    @Override
    public final Scheduler scheduler() {
        return connection.forwardTarget().scheduler();
    }

    @Override
    public final io.torsion.api.Reactor reactor() {
        return connection.loop;
    }

    @Override
    public final String toString() {
        return connection.toString();
    }
}
