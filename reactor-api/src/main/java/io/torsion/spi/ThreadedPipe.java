package io.torsion.spi;

import java.net.SocketAddress;

/**
 * A pipe the reactor cannot watch, served by a daemon thread of its own that blocks in the
 * stream's read ({@link ThreadedInput}) or write ({@link ThreadedOutput}). The thread hands over
 * through {@link EventLoop#callFromThread}; on the reactor thread the pipe then {@link #report}s to
 * its handler, while the one direction it serves is watched. It is its own registrar.
 */
abstract sealed class ThreadedPipe implements PipeHandle permits ThreadedInput, ThreadedOutput {

    final EventLoop loop;
    private final SocketAddress address;
    private final Runnable report = this::report;
    ReadinessHandler handler; // reactor thread
    boolean watching; // reactor thread: the direction this pipe serves is watched

    ThreadedPipe(EventLoop loop, SocketAddress address) {
        this.loop = loop;
        this.address = address;
    }

    /** Starts {@code work} on a daemon thread named {@code threadName}: the subclass's constructor does, last. */
    final void start(Runnable work, String threadName) {
        Thread thread = new Thread(work, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** From the pipe's thread, after it changed what the reactor thread sees: the reactor thread reports. */
    final void handOver() {
        loop.callFromThread(report);
    }

    /** On the reactor thread: reports in a later turn, after what is already waiting to run. */
    final void reportSoon() {
        loop.runSoon(report);
    }

    /** On the reactor thread: tells the handler what the pipe's thread has done, if it wants to hear. */
    abstract void report();

    /** Watches the pipe's direction ({@code true}) or stops; true when watching has just started. */
    final boolean watchingStarts(boolean watch) {
        boolean was = watching;
        watching = watch;
        return watch && !was;
    }

    @Override
    public final Registrar register(ReadinessHandler readiness) {
        this.handler = readiness;
        return this;
    }

    @Override
    public final void cancel() {
        watching = false;
    }

    @Override
    public final SocketAddress address() {
        return address;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + address + "]";
    }
}
