package io.torsion.api;

import java.nio.ByteBuffer;

/**
 * A child process as its {@link ProcessProtocol} sees it, Twisted's {@code IProcessTransport}:
 * write to the child's standard input, close any of its three streams, steer the flow of its
 * output, signal it.
 *
 * <p>Threading, writes and water marks are as for {@link Transport}: call on the reactor thread;
 * {@code write} tries the pipe at once and queues (as copies) what the child has not taken yet; a
 * {@link PushProducer} registered here is paused above the high-water mark of the standard-input
 * queue and resumed below the low one, so a child that never reads its input fills the marks, not
 * the heap. Writes after {@link #closeStdin()} are dropped.
 *
 * <p>Closing a stream is idempotent; the protocol hears {@code childConnectionLost(fd)} once per
 * stream, later. Closing standard input flushes what is queued first, so the child reads all of it
 * and then end of input.
 */
public interface ProcessTransport extends PushProducer {

    /** The child's process id. */
    long pid();

    /** Writes {@code data} to the child's standard input. */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Writes the bytes from {@code data}'s position to its limit to the child's standard input. */
    void write(ByteBuffer data);

    /** Writes the buffers in order to the child's standard input. */
    void writeSequence(ByteBuffer... data);

    /** Flushes what is queued for standard input, then closes it: the child reads end of input. */
    void closeStdin();

    /** Stops reading the child's standard output and closes our end (a child still writing gets SIGPIPE). */
    void closeStdout();

    /** Stops reading the child's standard error and closes our end. */
    void closeStderr();

    /** Closes stream {@code fd} (0, 1 or 2) as the three methods above do. */
    void closeChildFD(int fd);

    /** Closes all three streams (standard input after a flush). The child is not signalled. */
    void loseConnection();

    /**
     * Sends {@code signal} to the child.
     *
     * @throws ProcessExitedAlready when the child has exited
     * @throws UnsupportedOperationException when the backend cannot send that signal (see the docs)
     */
    void signalProcess(ProcessSignal signal);

    /**
     * Sends signal number {@code signal}; as {@link #signalProcess(ProcessSignal)}.
     *
     * @throws IllegalArgumentException for a number that is no Linux signal (not 1 to 64)
     */
    void signalProcess(int signal);

    /** Stops reading standard output and standard error until {@link #resumeProducing()}; nothing is lost. */
    @Override
    void pauseProducing();

    /** Reads the child's output again; what it wrote meanwhile is delivered, in order. */
    @Override
    void resumeProducing();

    /** As a producer this transport stops by closing: the same as {@link #loseConnection()}. */
    @Override
    default void stopProducing() {
        loseConnection();
    }

    /** Registers the producer to pause and resume with the standard-input queue. */
    void registerProducer(PushProducer producer);

    /** Forgets the registered producer, if any. */
    void unregisterProducer();

    /** Sets the water marks of the standard-input queue, in bytes. */
    void setWaterMarks(int high, int low);

    /** Bytes written to standard input that the child has not taken yet. */
    long queuedBytes();

    /** True when the standard-input queue is above the high-water mark (and has not drained below the low one). */
    boolean isWriteBufferFull();
}
