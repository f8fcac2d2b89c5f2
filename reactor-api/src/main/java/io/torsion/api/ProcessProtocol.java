package io.torsion.api;

import java.nio.ByteBuffer;

/**
 * What to do with one child process, Twisted's {@code ProcessProtocol}: extend it and override what
 * you need; every method does nothing by default except the two dispatchers.
 *
 * <p>Call order, on the reactor thread: {@link #makeConnection} (which calls {@link #connectionMade})
 * once; then, per stream, {@link #childDataReceived} any number of times and
 * {@link #childConnectionLost} once; {@link #processExited} once, when the child has been reaped
 * (possibly before its output has all been read); and last {@link #processEnded} once, after the
 * child exited <em>and</em> all three streams ended, so everything the child wrote has been
 * delivered before it. If the reactor stops while the child runs, the streams are closed (each
 * heard of) and the exit callbacks come only if the child exits before the reactor has stopped.
 *
 * <p>A buffer handed to {@code childDataReceived} is valid only during the call, as with
 * {@link Protocol#dataReceived}. An exception thrown from a callback is logged and closes the
 * stream it came from.
 */
public abstract class ProcessProtocol {

    /** The child's transport, set by {@link #makeConnection}. */
    protected ProcessTransport transport;

    /** Stores the transport and calls {@link #connectionMade()}. */
    public void makeConnection(ProcessTransport transport) {
        this.transport = transport;
        connectionMade();
    }

    /** The child is running and its streams are open; the protocol may write. */
    public void connectionMade() {
    }

    /** The child wrote {@code data} on stream {@code fd} (1: stdout, 2: stderr); calls the method for that stream. */
    public void childDataReceived(int fd, ByteBuffer data) {
        if (fd == 1) {
            outReceived(data);
        } else if (fd == 2) {
            errReceived(data);
        }
    }

    /** The child wrote {@code data} to its standard output. */
    public void outReceived(ByteBuffer data) {
    }

    /** The child wrote {@code data} to its standard error. */
    public void errReceived(ByteBuffer data) {
    }

    /** Stream {@code fd} (0, 1 or 2) has ended, by either side; calls the method for that stream. */
    public void childConnectionLost(int fd) {
        switch (fd) {
            case 0 -> inConnectionLost();
            case 1 -> outConnectionLost();
            case 2 -> errConnectionLost();
            default -> { }
        }
    }

    /** Standard input is closed. */
    public void inConnectionLost() {
    }

    /** Standard output has ended. */
    public void outConnectionLost() {
    }

    /** Standard error has ended. */
    public void errConnectionLost() {
    }

    /** The child has exited (been reaped); output it wrote may still be on its way. */
    public void processExited(ExitStatus status) {
    }

    /** The child has exited and every stream has ended: the last call. */
    public void processEnded(ExitStatus status) {
    }
}
