package io.torsion.spi;

import io.torsion.api.ConnectionClosed;
import io.torsion.api.ExitStatus;
import io.torsion.api.ProcessExitedAlready;
import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessSignal;
import io.torsion.api.ProcessTransport;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Transport;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child process, the same on every backend: its three pipes are ordinary stream connections
 * (adopted with {@link EventLoop#adopt}, each with a small protocol that forwards to the
 * {@link ProcessProtocol} with its fd), and this object is the {@link ProcessTransport} over them.
 * It hears the exit status from the backend ({@link #exited}) and calls {@code processEnded} only
 * once the child has exited and all three streams have ended, so no output is delivered after it.
 * Reactor thread only.
 */
public final class ChildProcess implements ProcessTransport {

    /** How the backend signals the child. */
    public interface Signaller {
        /**
         * Sends signal {@code number}; throws {@link ProcessExitedAlready} when the child is gone and
         * {@link UnsupportedOperationException} for a signal the backend cannot send.
         */
        void signal(int number);
    }

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
    private static final int STDIN = 0;
    private static final int STDOUT = 1;
    private static final int STDERR = 2;
    /** The highest signal number on Linux ({@code _NSIG - 1}, with the real-time signals). */
    private static final int MAX_SIGNAL = 64;

    private final long pid;
    private final ProcessProtocol protocol;
    private final Signaller signaller;
    /** The three streams' transports, null until adopted. */
    private final Transport[] streams = new Transport[3];
    private final boolean[] ended = new boolean[3];
    private ExitStatus status;
    private boolean processEnded;

    private ChildProcess(long pid, ProcessProtocol protocol, Signaller signaller) {
        this.pid = pid;
        this.protocol = protocol;
        this.signaller = signaller;
    }

    /**
     * Adopts the child's pipes into {@code loop} (each handle is owned by its connection from now on)
     * and calls the protocol's {@code makeConnection}. The backend reports the exit to the result.
     */
    public static ChildProcess start(EventLoop loop, long pid, ProcessProtocol protocol, Signaller signaller,
            StreamHandle stdin, StreamHandle stdout, StreamHandle stderr) {
        ChildProcess child = new ChildProcess(pid, protocol, signaller);
        StreamHandle[] handles = {stdin, stdout, stderr};
        for (int fd = STDIN; fd <= STDERR; fd++) {
            loop.adopt(handles[fd], child.new Stream(fd));
            if (child.streams[fd] == null) {
                child.ended[fd] = true; // adoption failed and closed the handle: nothing will come
            }
        }
        try {
            protocol.makeConnection(child);
        } catch (RuntimeException | Error e) {
            rethrowFatal(e);
            log.error("child {}: process protocol {} threw from connectionMade; closing its streams", pid, protocol, e);
            child.loseConnection();
        }
        return child;
    }

    /** The backend reaped the child: tells the protocol, closes standard input, and ends if the streams have. */
    public void exited(ExitStatus exit) {
        if (status != null) {
            return;
        }
        status = exit;
        log.debug("child {}: {}", pid, exit);
        try {
            protocol.processExited(exit);
        } catch (RuntimeException | Error e) {
            rethrowFatal(e);
            log.error("child {}: process protocol {} threw from processExited", pid, protocol, e);
        }
        // Nobody reads it any more; what is still queued fails to go (EPIPE) or, if a grandchild holds
        // the pipe, still goes. Either way the stream ends.
        closeChildFD(STDIN);
        endIfDone();
    }

    // ---- ProcessTransport ------------------------------------------------------------------------

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void write(ByteBuffer data) {
        if (streams[STDIN] != null) {
            streams[STDIN].write(data);
        }
    }

    @Override
    public void writeSequence(ByteBuffer... data) {
        if (streams[STDIN] != null) {
            streams[STDIN].writeSequence(data);
        }
    }

    @Override
    public void closeStdin() {
        closeChildFD(STDIN);
    }

    @Override
    public void closeStdout() {
        closeChildFD(STDOUT);
    }

    @Override
    public void closeStderr() {
        closeChildFD(STDERR);
    }

    @Override
    public void closeChildFD(int fd) {
        if (fd < STDIN || fd > STDERR) {
            throw new IllegalArgumentException("a child has streams 0, 1 and 2, not " + fd);
        }
        if (streams[fd] != null) {
            streams[fd].loseConnection();
        }
    }

    @Override
    public void loseConnection() {
        for (int fd = STDIN; fd <= STDERR; fd++) {
            closeChildFD(fd);
        }
    }

    @Override
    public void signalProcess(ProcessSignal signal) {
        signalProcess(signal.number());
    }

    @Override
    public void signalProcess(int signal) {
        if (signal < 1 || signal > MAX_SIGNAL) {
            throw new IllegalArgumentException("no such signal: " + signal + " (Linux has 1 to " + MAX_SIGNAL + ")");
        }
        if (status != null) {
            throw new ProcessExitedAlready(pid);
        }
        signaller.signal(signal);
    }

    @Override
    public void pauseProducing() {
        forOutput(Transport::pauseProducing);
    }

    @Override
    public void resumeProducing() {
        forOutput(Transport::resumeProducing);
    }

    @Override
    public void registerProducer(PushProducer producer) {
        if (streams[STDIN] != null) {
            streams[STDIN].registerProducer(producer);
        }
    }

    @Override
    public void unregisterProducer() {
        if (streams[STDIN] != null) {
            streams[STDIN].unregisterProducer();
        }
    }

    @Override
    public void setWaterMarks(int high, int low) {
        if (streams[STDIN] != null) {
            streams[STDIN].setWaterMarks(high, low);
        }
    }

    @Override
    public long queuedBytes() {
        return streams[STDIN] != null ? streams[STDIN].queuedBytes() : 0;
    }

    @Override
    public boolean isWriteBufferFull() {
        return streams[STDIN] != null && streams[STDIN].isWriteBufferFull();
    }

    @Override
    public String toString() {
        return "ChildProcess[" + pid + (status != null ? ", " + status : "") + "]";
    }

    // ---- inside ------------------------------------------------------------------------------

    private void forOutput(Consumer<Transport> action) {
        for (int fd = STDOUT; fd <= STDERR; fd++) {
            if (streams[fd] != null && !ended[fd]) {
                action.accept(streams[fd]);
            }
        }
    }

    private void streamEnded(int fd) {
        ended[fd] = true;
        try {
            protocol.childConnectionLost(fd);
        } catch (RuntimeException | Error e) {
            rethrowFatal(e);
            log.error("child {}: process protocol {} threw from childConnectionLost({})", pid, protocol, fd, e);
        }
        endIfDone();
    }

    private void endIfDone() {
        if (processEnded || status == null || !ended[STDIN] || !ended[STDOUT] || !ended[STDERR]) {
            return;
        }
        processEnded = true;
        try {
            protocol.processEnded(status);
        } catch (RuntimeException | Error e) {
            rethrowFatal(e);
            log.error("child {}: process protocol {} threw from processEnded", pid, protocol, e);
        }
    }

    private static void rethrowFatal(Throwable e) {
        if (Callbacks.isFatal(e)) {
            throw (Error) e;
        }
    }

    /** The protocol of one pipe's connection: forwards to the process protocol with the pipe's fd. */
    private final class Stream implements Protocol {
        private final int fd;

        Stream(int fd) {
            this.fd = fd;
        }

        @Override
        public void makeConnection(Transport transport) {
            streams[fd] = transport;
        }

        @Override
        public void connectionMade() {
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            protocol.childDataReceived(fd, data);
        }

        @Override
        public void connectionLost(ConnectionClosed reason) {
            log.debug("child {}: stream {} ended: {}", pid, fd, reason);
            streamEnded(fd);
        }

        @Override
        public String toString() {
            return "ChildProcess.Stream[" + pid + ", fd " + fd + ", " + protocol + "]";
        }
    }
}
