package io.torsion.spi;

import io.torsion.api.ConnectionAborted;
import io.torsion.api.ConnectionClosed;
import io.torsion.api.ConnectionDone;
import io.torsion.api.ConnectionLost;
import io.torsion.api.Protocol;
import io.torsion.api.PushProducer;
import io.torsion.api.Scheduler;
import io.torsion.api.Transport;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standard input for backends that cannot watch it: a daemon thread blocks in {@code read} and
 * hands each chunk to the reactor with {@code callFromThread}. Writes go to standard output.
 *
 * <p>Pausing stops delivery at once; chunks already handed over wait in a queue, and the reader
 * thread stops reading after the chunk in flight, so memory stays bounded.
 */
final class StandardInputReader implements Transport {

    private static final Logger log = LoggerFactory.getLogger(StandardInputReader.class);
    private static final InetSocketAddress ADDRESS = InetSocketAddress.createUnresolved("stdio", 0);
    private static final int CHUNK = 8192;

    private final EventLoop loop;
    private final Protocol protocol;
    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private final Object gate = new Object();
    private boolean paused;
    private boolean eofHeld;
    private boolean closed;
    private volatile boolean readerPaused;
    private volatile boolean readerStopped;

    private StandardInputReader(EventLoop loop, Protocol protocol) {
        this.loop = loop;
        this.protocol = protocol;
    }

    static void attach(EventLoop loop, Protocol protocol) {
        StandardInputReader reader = new StandardInputReader(loop, protocol);
        Thread thread = new Thread(() -> reader.readLoop(new FileInputStream(FileDescriptor.in)), "torsion-stdin");
        thread.setDaemon(true);
        try {
            protocol.makeConnection(reader);
        } catch (RuntimeException e) {
            loop.uncaughtError("standard input protocol " + protocol + " threw from connectionMade", e);
            reader.close(new ConnectionLost("protocol raised an exception in connectionMade", e));
            return;
        }
        thread.start();
    }

    private void readLoop(InputStream in) {
        byte[] buffer = new byte[CHUNK];
        try {
            while (!readerStopped) {
                waitWhilePaused();
                int n = in.read(buffer);
                if (n < 0) {
                    loop.callFromThread(this::endOfInput);
                    return;
                }
                byte[] chunk = Arrays.copyOf(buffer, n);
                loop.callFromThread(() -> arrived(chunk));
            }
        } catch (IOException e) {
            loop.callFromThread(() -> close(new ConnectionLost(e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitWhilePaused() throws InterruptedException {
        synchronized (gate) {
            while (readerPaused && !readerStopped) {
                gate.wait();
            }
        }
    }

    private void arrived(byte[] chunk) {
        if (closed) {
            return;
        }
        if (paused) {
            held.add(chunk);
            return;
        }
        deliver(chunk);
    }

    private void deliver(byte[] chunk) {
        try {
            protocol.dataReceived(ByteBuffer.wrap(chunk));
        } catch (RuntimeException e) {
            loop.uncaughtError("standard input protocol " + protocol + " threw from dataReceived", e);
            close(new ConnectionLost("protocol raised an exception in dataReceived", e));
        }
    }

    private void endOfInput() {
        if (paused) {
            eofHeld = true;
        } else {
            close(new ConnectionDone("end of standard input"));
        }
    }

    private void close(ConnectionClosed reason) {
        if (closed) {
            return;
        }
        closed = true;
        held.clear();
        setReaderPaused(false);
        readerStopped = true;
        loop.runSoon(() -> {
            try {
                protocol.connectionLost(reason);
            } catch (RuntimeException e) {
                loop.uncaughtError("standard input protocol " + protocol + " threw from connectionLost", e);
            }
        });
    }

    private void setReaderPaused(boolean value) {
        synchronized (gate) {
            readerPaused = value;
            gate.notifyAll();
        }
    }

    @Override
    public void write(ByteBuffer data) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            log.debug("writing to standard output failed", e);
        }
    }

    @Override
    public void writeSequence(ByteBuffer... data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    @Override
    public void loseConnection() {
        close(new ConnectionDone());
    }

    @Override
    public void abortConnection() {
        close(new ConnectionAborted());
    }

    @Override
    public void loseWriteConnection() {
        try {
            out.flush();
        } catch (IOException e) {
            log.debug("flushing standard output failed", e);
        }
    }

    @Override
    public InetSocketAddress getPeer() {
        return ADDRESS;
    }

    @Override
    public InetSocketAddress getHost() {
        return ADDRESS;
    }

    @Override
    public void pauseProducing() {
        paused = true;
        setReaderPaused(true);
    }

    @Override
    public void resumeProducing() {
        if (!paused || closed) {
            return;
        }
        paused = false;
        while (!held.isEmpty() && !paused && !closed) {
            deliver(held.poll());
        }
        if (!paused) {
            if (eofHeld) {
                close(new ConnectionDone("end of standard input"));
            } else {
                setReaderPaused(false);
            }
        }
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void registerProducer(PushProducer producer) {
        // Writes to standard output are synchronous: the queue never fills, so there is nothing to signal.
    }

    @Override
    public void unregisterProducer() {
    }

    @Override
    public void setWaterMarks(int high, int low) {
    }

    @Override
    public long queuedBytes() {
        return 0;
    }

    @Override
    public boolean isWriteBufferFull() {
        return false;
    }

    @Override
    public void setIdleTimeout(Duration idle) {
        throw new UnsupportedOperationException("standard input has no idle timeout");
    }

    @Override
    public void setIdleTimeouts(Duration read, Duration write, Duration all) {
        throw new UnsupportedOperationException("standard input has no idle timeout");
    }

    @Override
    public void resetIdleTimeouts() {
        throw new UnsupportedOperationException("standard input has no idle timeout");
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public Scheduler scheduler() {
        return loop;
    }

    @Override
    public io.torsion.api.Reactor reactor() {
        return loop;
    }
}
