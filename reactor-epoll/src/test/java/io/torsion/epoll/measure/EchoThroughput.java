package io.torsion.epoll.measure;

import io.torsion.api.BaseProtocol;
import io.torsion.api.Factory;
import io.torsion.api.ListeningPort;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A first throughput comparison of the backends under the same load in the same JVM: an echo
 * server on each backend in turn, driven by blocking loopback clients. Two loads: many small
 * ping-pong round trips (cost per event) and a few streams of large writes (cost per byte).
 * Backends alternate over several rounds so that warm-up and drift hit them all alike.
 *
 * <p>Run by hand, not as a test, with the select backend's classes added to the test class path
 * (this module does not depend on it, so its build never waits for select's tests):
 * {@code java -cp <test classpath>:reactor-select/target/classes io.torsion.epoll.measure.EchoThroughput
 * [seconds per run] [rounds]}. Prints one line per run and the medians as ratios to select.
 */
public final class EchoThroughput {

    private static final String[] BACKENDS = {"select", "epoll-lt", "epoll-et"};
    private static final int PING_CONNECTIONS = 32;
    private static final int PING_MESSAGE = 128;
    private static final int STREAM_CONNECTIONS = 4;
    private static final int STREAM_WRITE = 64 * 1024;

    private EchoThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<String, List<Double>> ping = new LinkedHashMap<>();
        Map<String, List<Double>> pingCpu = new LinkedHashMap<>();
        Map<String, List<Double>> pingUser = new LinkedHashMap<>();
        Map<String, List<Double>> stream = new LinkedHashMap<>();
        Map<String, List<Double>> streamCpu = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String backend : BACKENDS) {
                double[] r = run(backend, seconds, false);
                ping.computeIfAbsent(backend, b -> new ArrayList<>()).add(r[0]);
                pingCpu.computeIfAbsent(backend, b -> new ArrayList<>()).add(r[1]);
                pingUser.computeIfAbsent(backend, b -> new ArrayList<>()).add(r[2]);
                System.out.printf("round %d %-8s ping-pong %,12.0f round trips/s, reactor thread %6.2f µs CPU"
                        + " (%5.2f µs in user space) per round trip%n", round, backend, r[0], r[1] * 1e6, r[2] * 1e6);
                r = run(backend, seconds, true);
                stream.computeIfAbsent(backend, b -> new ArrayList<>()).add(r[0]);
                streamCpu.computeIfAbsent(backend, b -> new ArrayList<>()).add(r[1]);
                System.out.printf("round %d %-8s stream    %,12.1f MiB/s echoed, reactor thread %6.2f µs CPU per MiB%n",
                        round, backend, r[0] / (1 << 20), r[1] * (1 << 20) * 1e6);
            }
        }
        report("ping-pong (" + PING_CONNECTIONS + " connections, " + PING_MESSAGE + " B) round trips/s", ping);
        report("ping-pong reactor CPU per round trip", pingCpu);
        report("ping-pong reactor user-space CPU per round trip", pingUser);
        report("stream (" + STREAM_CONNECTIONS + " connections, " + STREAM_WRITE / 1024 + " KiB writes) bytes/s", stream);
        report("stream reactor CPU per byte", streamCpu);
    }

    private static void report(String what, Map<String, List<Double>> values) {
        double base = median(values.get("select"));
        StringBuilder line = new StringBuilder(what).append(": median");
        values.forEach((backend, list) -> line.append(String.format("  %s %.2f", backend, median(list) / base)));
        System.out.println(line.append("  (× select)"));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Round trips per second (ping-pong) or bytes echoed per second (stream), and the reactor
     * thread's CPU seconds per round trip or per byte.
     */
    private static double[] run(String backend, int seconds, boolean streaming) throws Exception {
        Reactor reactor = Reactors.create(backend);
        ListeningPort port = reactor.listenTcp(new InetSocketAddress("127.0.0.1", 0),
                Factory.forProtocol(() -> new BaseProtocol() {
                    @Override
                    public void connectionMade() {
                        transport.registerProducer(transport);
                    }

                    @Override
                    public void dataReceived(ByteBuffer data) {
                        transport.write(data);
                    }
                }));
        Thread loop = new Thread(reactor::run, "reactor-" + backend);
        loop.start();
        LongAdder done = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        int connections = streaming ? STREAM_CONNECTIONS : PING_CONNECTIONS;
        for (int i = 0; i < connections; i++) {
            Socket socket = new Socket("127.0.0.1", port.port());
            socket.setTcpNoDelay(true);
            sockets.add(socket);
            if (streaming) {
                clients.add(daemon(() -> streamWriter(socket, running)));
                clients.add(daemon(() -> streamReader(socket, done)));
            } else {
                clients.add(daemon(() -> pingPong(socket, running, done)));
            }
        }
        clients.forEach(Thread::start);
        Thread.sleep(1000); // warm-up before the measured window; not waiting for a condition
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long startCount = done.sum();
        long startCpu = threads.getThreadCpuTime(loop.getId());
        long startUser = threads.getThreadUserTime(loop.getId());
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the measured window
        long count = done.sum() - startCount;
        double cpuSeconds = (threads.getThreadCpuTime(loop.getId()) - startCpu) / 1e9;
        double userSeconds = (threads.getThreadUserTime(loop.getId()) - startUser) / 1e9;
        double rate = count / ((System.nanoTime() - start) / 1e9);
        running.set(false);
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Thread client : clients) {
            client.join(5_000);
        }
        reactor.stop();
        loop.join(10_000);
        return new double[] {rate, cpuSeconds / count, userSeconds / count};
    }

    private static Thread daemon(Runnable body) {
        Thread thread = new Thread(body, "client");
        thread.setDaemon(true);
        return thread;
    }

    private static void pingPong(Socket socket, AtomicBoolean running, LongAdder done) {
        byte[] message = new byte[PING_MESSAGE];
        try {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (running.get()) {
                out.write(message);
                in.readFully(message);
                done.increment();
            }
        } catch (Exception closedAtTheEnd) {
            // the run is over
        }
    }

    private static void streamWriter(Socket socket, AtomicBoolean running) {
        byte[] block = new byte[STREAM_WRITE];
        try {
            OutputStream out = socket.getOutputStream();
            while (running.get()) {
                out.write(block);
            }
        } catch (Exception closedAtTheEnd) {
            // the run is over
        }
    }

    private static void streamReader(Socket socket, LongAdder done) {
        byte[] buffer = new byte[STREAM_WRITE];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) > 0; ) {
                done.add(n);
            }
        } catch (Exception closedAtTheEnd) {
            // the run is over
        }
    }
}
