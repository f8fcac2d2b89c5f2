package io.torsion.api;

import io.torsion.api.testing.ManualClock;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A Reactor that is only a ManualClock: enough for code that schedules on connector.reactor(). */
final class ClockReactor implements Reactor {

    private final ManualClock clock;

    ClockReactor(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
        return clock.callLater(delay, task);
    }

    @Override
    public long nanoTime() {
        return clock.nanoTime();
    }

    @Override
    public ListeningPort listenTcp(int port, Factory factory) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ListeningPort listenTcp(InetSocketAddress address, Factory factory, int backlog) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ListeningPort listenUnix(String path, Factory factory, int mode, int backlog) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UdpTransport listenUdp(InetSocketAddress address, DatagramProtocol protocol, int maxPacketSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Connector connectUnix(String path, ClientFactory factory, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UdpTransport listenMulticast(int port, DatagramProtocol protocol, boolean reuseAddress) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DatagramTransport listenUnixDatagram(java.nio.file.Path path, DatagramProtocol protocol) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Connector connectTcp(String host, int port, ClientFactory factory, Duration timeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void callFromThread(Runnable task) {
        clock.callLater(Duration.ZERO, task);
    }

    @Override
    public void callInThread(Runnable task) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> java.util.concurrent.CompletionStage<T> deferToThread(java.util.concurrent.Callable<T> task) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void configureThreadPool(int threads, int maxQueued) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void onUncaughtError(UncaughtErrorHandler handler) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void stop() {
    }

    @Override
    public void socketPair(Protocol a, Protocol b) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ProcessTransport spawnProcess(ProcessProtocol protocol, java.util.List<String> argv,
            java.util.Map<String, String> env, java.nio.file.Path workingDirectory) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void attachStandardInput(Protocol protocol) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void addShutdownTrigger(ShutdownPhase phase, Runnable task) {
    }

    @Override
    public boolean isRunning() {
        return true;
    }

    @Override
    public boolean isReactorThread() {
        return true;
    }

    @Override
    public String name() {
        return "clock";
    }
}
