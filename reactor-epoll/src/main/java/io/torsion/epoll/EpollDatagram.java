package io.torsion.epoll;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLERR;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static io.torsion.epoll.nativeio.EpollFlags.EPOLLOUT;

import io.torsion.epoll.nativeio.DatagramSocket;
import io.torsion.epoll.nativeio.MessageVector;
import io.torsion.spi.DatagramPort;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import io.torsion.spi.UdpHandle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A datagram socket (UDP or Unix) on a {@link DatagramSocket}: recvmmsg into its own
 * {@link MessageVector}, sendmmsg of queued and staged datagrams through the reactor's, and, as its
 * own registrar, epoll events turned into the handler's {@code onReadable}/{@code onWritable}/{@code onError}. Edge-triggered, a
 * port whose read budget ran out goes on the ready list, since the datagrams still queued raise no
 * new edge.
 */
final class EpollDatagram implements UdpHandle, Registrar, EpollHandler {

    /** Receive memory per port: enough for a full batch of MTU-sized datagrams. */
    static final int RECEIVE_AREA = 128 * 1024;

    private final EpollReactor reactor;
    private final DatagramSocket socket;
    private final EpollRegistration registration;
    private final MessageVector received;
    private ReadinessHandler port;
    private boolean readyQueued;
    /** Staging bytes used by the batch being staged in the reactor's stage vector. */
    private int stagedBytes;

    private EpollDatagram(EpollReactor reactor, DatagramSocket socket, int maxPacketSize) {
        this.reactor = reactor;
        this.socket = socket;
        this.registration = reactor.newRegistration(socket.intValue(), this);
        int slots = Math.max(1, Math.min(DatagramPort.READ_BUDGET, RECEIVE_AREA / maxPacketSize));
        this.received = MessageVector.forReceive(slots, maxPacketSize);
    }

    /** The handle of {@code socket}, which it owns from now on. */
    static EpollDatagram of(EpollReactor reactor, DatagramSocket socket, int maxPacketSize) {
        try {
            return new EpollDatagram(reactor, socket, maxPacketSize);
        } catch (RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    // ---- events --------------------------------------------------------------------------------

    @Override
    public void onEvents(int events) {
        if ((events & EPOLLERR) != 0) {
            takePendingError();
        }
        if ((events & EPOLLOUT) != 0 && socket.isOpen()) {
            port.onWritable();
        }
        if ((events & EPOLLIN) != 0 && socket.isOpen()) {
            readWithBudget();
        }
    }

    @Override
    public boolean continueReady() {
        readyQueued = false;
        if (!socket.isOpen()) {
            return false;
        }
        readyQueued = port.onReadable(DatagramPort.READ_BUDGET);
        return readyQueued;
    }

    private void readWithBudget() {
        boolean more = port.onReadable(DatagramPort.READ_BUDGET);
        if (more && reactor.mode().isEdge() && !readyQueued && socket.isOpen()) {
            readyQueued = true;
            reactor.ready(this);
        }
    }

    private void takePendingError() {
        try {
            IOException pending = socket.takePendingError(reactor.callBuffer());
            if (pending != null) {
                port.onError(pending);
            }
        } catch (IOException e) {
            port.onError(e);
        }
    }

    @Override
    public void release() {
        if (socket.isOpen()) {
            close();
        }
    }

    // ---- DatagramHandle ------------------------------------------------------------------------

    @Override
    public Registrar register(ReadinessHandler handler) {
        this.port = handler;
        return this;
    }

    @Override
    public int batchCapacity() {
        return received.slots();
    }

    @Override
    public int receive(int max) throws IOException {
        return socket.receive(received, max);
    }

    @Override
    public ByteBuffer data(int i) {
        return received.received(i);
    }

    @Override
    public SocketAddress sender(int i) {
        return received.sender(i, reactor.addressCodec());
    }

    @Override
    public boolean truncated(int i) {
        return received.truncated(i);
    }

    @Override
    public boolean send(ByteBuffer data, SocketAddress to) throws IOException {
        return socket.send(data, to, reactor.addressCodec(), reactor.sendVector());
    }

    @Override
    public int send(ByteBuffer[] data, SocketAddress[] to, int count) throws IOException {
        MessageVector vector = reactor.sendVector();
        int n = 0;
        int staged = 0;
        while (n < count && n < vector.slots()) {
            int used = vector.put(n, data[n], to[n], staged, reactor.addressCodec());
            if (used < 0) {
                break;
            }
            staged += used;
            n++;
        }
        if (n == 0) {
            return send(data[0], to[0]) ? 1 : 0; // too large to stage with others: alone
        }
        int sent = socket.send(vector, n);
        for (int i = 0; i < sent; i++) {
            data[i].position(data[i].limit());
        }
        return sent;
    }

    @Override
    public int sendBatchCapacity() {
        return reactor.stageVector().slots();
    }

    @Override
    public boolean stage(int i, ByteBuffer data, SocketAddress to) {
        if (i == 0) {
            stagedBytes = 0;
        }
        int used = reactor.stageVector().stage(i, data, to, stagedBytes, reactor.addressCodec());
        if (used < 0) {
            return false;
        }
        stagedBytes += used;
        return true;
    }

    @Override
    public int sendStaged(int from, int count) throws IOException {
        return socket.send(reactor.stageVector(), from, count);
    }

    @Override
    public ByteBuffer staged(int i) {
        return reactor.stageVector().stagedBytes(i);
    }

    @Override
    public void connect(SocketAddress peer) throws IOException {
        socket.connect(peer, reactor.callBuffer());
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return socket.localAddress(reactor.callBuffer());
    }

    @Override
    public void watch(boolean read, boolean write) {
        int events = (read ? EPOLLIN : 0) | (write ? EPOLLOUT : 0);
        try {
            registration.watch(events == 0 ? 0 : events | reactor.mode().epollFlags());
        } catch (IOException e) {
            port.onError(e);
        }
    }

    @Override
    public void watchConnect() {
        throw new UnsupportedOperationException("a datagram socket has no connect to wait for");
    }

    @Override
    public void readNow() {
        readWithBudget();
    }

    @Override
    public void cancel() {
        registration.forgetBeforeClose();
    }

    @Override
    public void close() {
        registration.forgetBeforeClose();
        socket.close();
        received.free();
    }

    // ---- UdpHandle -----------------------------------------------------------------------------

    @Override
    public void setBroadcast(boolean on) throws IOException {
        socket.setBroadcast(on, reactor.callBuffer());
    }

    @Override
    public boolean broadcast() throws IOException {
        return socket.broadcast(reactor.callBuffer());
    }

    @Override
    public void join(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        socket.membership(true, group, networkInterface, source, reactor.callBuffer());
    }

    @Override
    public void leave(InetAddress group, NetworkInterface networkInterface, InetAddress source) throws IOException {
        socket.membership(false, group, networkInterface, source, reactor.callBuffer());
    }

    @Override
    public void setMulticastTtl(int ttl) throws IOException {
        socket.setMulticastTtl(ttl, reactor.callBuffer());
    }

    @Override
    public int multicastTtl() throws IOException {
        return socket.multicastTtl(reactor.callBuffer());
    }

    @Override
    public void setMulticastLoop(boolean on) throws IOException {
        socket.setMulticastLoop(on, reactor.callBuffer());
    }

    @Override
    public boolean multicastLoop() throws IOException {
        return socket.multicastLoop(reactor.callBuffer());
    }

    @Override
    public void setMulticastInterface(NetworkInterface networkInterface) throws IOException {
        socket.setMulticastInterface(networkInterface, reactor.callBuffer());
    }

    @Override
    public String toString() {
        return "EpollDatagram[" + socket + "]";
    }
}
