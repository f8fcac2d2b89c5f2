package io.torsion.epoll;

import io.torsion.api.Protocol;
import io.torsion.epoll.nativeio.Epoll;
import io.torsion.epoll.nativeio.EpollEventArray;
import io.torsion.epoll.nativeio.EpollFlags;
import io.torsion.epoll.nativeio.EventFd;
import io.torsion.epoll.nativeio.DatagramSocket;
import io.torsion.epoll.nativeio.IoVector;
import io.torsion.epoll.nativeio.MessageVector;
import io.torsion.epoll.nativeio.NativeSocket;
import io.torsion.epoll.nativeio.ProcessCalls;
import io.torsion.epoll.nativeio.SocketAddressCodec;
import io.torsion.epoll.nativeio.SocketCallBuffer;
import io.torsion.spi.ClassPreloader;
import io.torsion.spi.EventLoop;
import io.torsion.spi.ProcessLauncher;
import io.torsion.spi.StreamHandle;
import io.torsion.spi.StreamKinds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayDeque;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Linux reactor: {@code epoll_wait} waits, each event's tag leads to its handler (a connection,
 * a listener, the wake-up), and the shared logic in {@code io.torsion.spi} does the rest.
 *
 * <p>Owns, and releases when the loop ends: the epoll fd, the eventfd, the events array, the socket
 * call buffer and the gathering-write vector. The read buffer is the shared loop's; the native layer
 * reads into it by address.
 */
final class EpollReactor extends EventLoop {

    /** Events fetched per epoll_wait; more ready fds are simply reported by the next wait. */
    static final int EVENTS_PER_WAIT = 1024;

    /** Queued datagrams per sendmmsg, and the heap bytes staged for them (one of any size fits). */
    static final int SEND_BATCH = 64;
    static final int SEND_STAGING = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger(EpollReactor.class);

    static {
        // Error and exhaustion paths must not need a class file opened when no descriptor is left.
        ClassPreloader.preload(EpollReactor.class, "io.torsion.epoll");
    }

    private final TriggerMode mode;
    private final Registrations registrations = new Registrations();
    private final ArrayDeque<EpollHandler> readyList = new ArrayDeque<>();
    private final Epoll epoll;
    private final EventFd wakeupFd;
    private final EpollEventArray events;
    private final SocketCallBuffer callBuffer;
    private final IoVector ioVector;
    private final EpollLauncher launcher = new EpollLauncher(this);
    private final MessageVector sendVector;
    private final MessageVector stageVector;
    private final SocketAddressCodec addressCodec = new SocketAddressCodec();

    EpollReactor(TriggerMode mode) {
        super(mode.reactorName());
        this.mode = mode;
        Epoll madeEpoll = null;
        EventFd madeWakeup = null;
        try {
            madeEpoll = Epoll.create();
            madeWakeup = EventFd.create();
        } catch (IOException e) {
            if (madeEpoll != null) {
                madeEpoll.close(); // out of descriptors at creation: give back what was made
            }
            throw new UncheckedIOException("cannot create the epoll instance and its wake-up eventfd", e);
        }
        epoll = madeEpoll;
        wakeupFd = madeWakeup;
        events = new EpollEventArray(EVENTS_PER_WAIT);
        callBuffer = SocketCallBuffer.allocate();
        ioVector = new IoVector();
        sendVector = MessageVector.forSend(SEND_BATCH, SEND_STAGING);
        stageVector = MessageVector.forSend(SEND_BATCH, SEND_STAGING);
        registerWakeup();
        supportStream(InetSocketAddress.class, new EpollTcp(this));
        supportStream(UnixDomainSocketAddress.class, new EpollUnix(this));
        supportUdp((address, reuse, maxPacketSize) ->
                EpollDatagram.of(this, DatagramSocket.bindUdp(address, reuse, callBuffer), maxPacketSize));
        supportUnixDatagram((path, reuse, maxPacketSize) ->
                EpollDatagram.of(this, DatagramSocket.bindUnix(path, callBuffer), maxPacketSize));
    }

    private void registerWakeup() {
        EventFd fd = wakeupFd;
        // Level-triggered in both modes: drained on every wake-up, so it never needs a new edge.
        EpollRegistration registration = newRegistration(fd.intValue(), ignored -> fd.drain());
        try {
            registration.watch(EpollFlags.EPOLLIN);
        } catch (IOException e) {
            closeBackend();
            throw new UncheckedIOException("cannot watch the wake-up eventfd", e);
        }
    }

    // ---- EventLoop ---------------------------------------------------------------------------

    @Override
    protected void poll(long timeoutNanos) throws IOException {
        int timeoutMillis = readyList.isEmpty() ? toMillis(timeoutNanos) : 0;
        int ready = epoll.wait(events, timeoutMillis);
        for (int i = 0; i < ready; i++) {
            EpollRegistration registration = registrations.lookup(events.data(i));
            if (registration != null) {
                deliver(registration.handler(), events.events(i));
            }
        }
        if (!readyList.isEmpty()) {
            serveReadyList();
        }
    }

    /** Rounds up (waking early only costs a turn); -1 waits without limit. */
    private static int toMillis(long timeoutNanos) {
        if (timeoutNanos < 0) {
            return -1;
        }
        return (int) Math.min(Integer.MAX_VALUE, (timeoutNanos + 999_999) / 1_000_000);
    }

    private void deliver(EpollHandler handler, int readyEvents) {
        try {
            handler.onEvents(readyEvents);
        } catch (RuntimeException e) {
            // The shared logic already shields protocols; this is a bug in the backend. Keep going:
            // the other events of this round (edges, in ET mode) would otherwise be lost.
            log.error("{}: handling events {} of {} failed", name(), Integer.toHexString(readyEvents), handler, e);
        }
    }

    /** Gives every handler that was on the ready list at the start of this round one more budget. */
    private void serveReadyList() {
        for (int n = readyList.size(); n > 0; n--) {
            EpollHandler handler = readyList.poll();
            boolean again;
            try {
                again = handler.continueReady();
            } catch (RuntimeException e) {
                log.error("{}: serving {} from the ready list failed", name(), handler, e);
                again = false;
            }
            if (again) {
                readyList.add(handler);
            }
        }
    }

    @Override
    protected void wakeup() {
        wakeupFd.signal();
    }

    /**
     * Watches standard input with epoll when it can (a pipe, a terminal); otherwise (a regular file
     * or /dev/null, where epoll_ctl says EPERM) the shared helper thread reads it.
     */
    @Override
    protected boolean watchStandardInput(Protocol protocol) {
        if (StandardInputHandle.attach(this, protocol)) {
            return true;
        }
        log.debug("{}: standard input cannot be watched by epoll; reading it on a helper thread", name());
        return false;
    }

    @Override
    protected StreamHandle[] openSocketPair() throws IOException {
        NativeSocket[] ends = NativeSocket.pair();
        UnixDomainSocketAddress unnamed = UnixDomainSocketAddress.of("");
        return new StreamHandle[] {
            new EpollStream(this, ends[0], StreamKinds.UNIX, unnamed, unnamed),
            new EpollStream(this, ends[1], StreamKinds.UNIX, unnamed, unnamed)
        };
    }

    /**
     * posix_spawn, pipes watched by epoll and a pidfd for the exit, where the C library and kernel
     * have them (glibc 2.34, Linux 5.3); otherwise the shared ProcessBuilder launcher with helper threads.
     */
    @Override
    protected ProcessLauncher processLauncher() {
        Optional<String> unavailable = ProcessCalls.unavailableReason();
        if (unavailable.isEmpty()) {
            return launcher;
        }
        log.debug("{}: spawning children with helper threads: {}", name(), unavailable.get());
        return super.processLauncher();
    }

    @Override
    protected void closeBackend() {
        for (EpollRegistration left : registrations.snapshot()) {
            left.handler().release();
        }
        readyList.clear();
        wakeupFd.close();
        epoll.close();
        events.free();
        callBuffer.free();
        ioVector.free();
        sendVector.free();
        stageVector.free();
    }

    // ---- for the handlers ----------------------------------------------------------------------

    TriggerMode mode() {
        return mode;
    }

    /** A registration (not yet watching anything) of {@code fd} for {@code handler}. */
    EpollRegistration newRegistration(int fd, EpollHandler handler) {
        return new EpollRegistration(epoll, registrations, fd, handler);
    }

    /** Queues {@code handler} to continue next round (edge-triggered mode: its budget ran out). */
    void ready(EpollHandler handler) {
        readyList.add(handler);
    }

    /** The socket call buffer; valid on the reactor thread only. */
    SocketCallBuffer callBuffer() {
        return callBuffer;
    }

    /** The gathering-write vector; valid on the reactor thread only, for one send at a time. */
    IoVector ioVector() {
        return ioVector;
    }

    /** The vector queued datagrams leave through; valid on the reactor thread only, one send at a time. */
    MessageVector sendVector() {
        return sendVector;
    }

    /**
     * The vector replies are staged in while one port delivers a received batch, sent with one
     * sendmmsg when the batch is done. Apart from {@link #sendVector()}, which another port's
     * immediate send may use in the middle of that batch. Reactor thread only.
     */
    MessageVector stageVector() {
        return stageVector;
    }

    /** The socket address codec and its caches; reactor thread only. */
    SocketAddressCodec addressCodec() {
        return addressCodec;
    }

    /** Live registrations, the wake-up included; for tests. */
    int registrationCount() {
        return registrations.size();
    }
}
