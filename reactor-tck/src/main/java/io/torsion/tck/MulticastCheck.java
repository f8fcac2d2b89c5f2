package io.torsion.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The multicast part of the kit, run in a child JVM inside a fresh network namespace
 * ({@code unshare -n}), where the loopback interface is brought up with a route for 224.0.0.0/4:
 * the namespace, its route and its sockets vanish when the child exits, and the host's interfaces
 * are never touched. Needs root (CI runs as root) and {@code ip} (iproute2).
 */
public final class MulticastCheck {

    /** Printed first by the child, so a failed namespace setup is told apart from a failed check. */
    private static final String STARTED = "multicast check started";

    private static final InetAddress GROUP = address("224.3.29.71");
    private static final InetAddress OTHER_GROUP = address("224.3.29.72");
    private static final InetAddress SSM_GROUP = address("232.3.29.71");
    private static final InetAddress LOCAL = address("127.0.0.1");
    private static final InetAddress STRANGER = address("127.0.0.2");

    private MulticastCheck() {
    }

    /** Runs {@link #main} for backend {@code reactorName} in a namespace of its own; fails with the child's output. */
    static void runInNamespace(String reactorName) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String setup = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo"
                + " && exec \"$0\" -cp \"$1\" " + MulticastCheck.class.getName() + " \"$2\"";
        Process child = new ProcessBuilder(List.of("unshare", "-n", "sh", "-c", setup,
                java, System.getProperty("java.class.path"), reactorName))
                .redirectErrorStream(true)
                .start();
        child.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!child.waitFor(80, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the multicast check did not finish within 80 s");
        }
        String text = output.get(10, TimeUnit.SECONDS);
        if (!text.contains(STARTED)) {
            Assumptions.abort("cannot run the multicast check: no network namespace with a multicast route"
                    + " (needs root, unshare and ip): " + text.strip());
        }
        assertEquals(0, child.exitValue(), "the multicast check failed:\n" + text);
    }

    /** The check itself: {@code args[0]} names the backend. Exits 0 when every step held. */
    public static void main(String[] args) throws Exception {
        System.out.println(STARTED);
        Reactor reactor = Reactors.create(args[0]);
        Thread thread = new Thread(reactor::run, "multicast-check-reactor");
        thread.start();
        int status = 1;
        try {
            check(reactor);
            System.out.println("multicast check passed on " + args[0]);
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace(System.out);
        } finally {
            reactor.stop();
            thread.join(10_000);
        }
        System.out.flush();
        System.exit(status);
    }

    private static void check(Reactor reactor) throws Exception {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        UdpTransport one = on(reactor, () -> reactor.listenMulticast(0, first, true));
        int port = ((InetSocketAddress) one.getHost()).getPort();
        UdpTransport two = on(reactor, () -> reactor.listenMulticast(port, second, true));
        on(reactor, () -> {
            one.joinGroup(GROUP, null);
            one.joinGroup(OTHER_GROUP, null);
            two.joinGroup(GROUP, null);
            one.setTimeToLive(3);
            return null;
        });
        expect("time-to-live as set", 3, on(reactor, one::getTimeToLive));
        expect("loopback mode, on by default", true, on(reactor, one::getLoopbackMode));

        try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOCAL, 0));
                DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(STRANGER, 0))) {
            send(sender, "one", GROUP, port);
            expect("first member gets the group's datagram", "one", first.next());
            expect("second member of the same group and port too", "one", second.next());

            on(reactor, () -> {
                one.leaveGroup(GROUP, null);
                return null;
            });
            send(sender, "two", GROUP, port);
            send(sender, "marker", OTHER_GROUP, port);
            expect("the member that stayed gets what follows", "two", second.next());
            expect("the member that left gets nothing more from the group", "marker", first.next());
            send(sender, "marker 2", OTHER_GROUP, port);
            expect("and nothing late either", "marker 2", first.next());

            Recorder ssm = new Recorder();
            UdpTransport source = on(reactor, () -> reactor.listenMulticast(0, ssm, true));
            int ssmPort = ((InetSocketAddress) source.getHost()).getPort();
            on(reactor, () -> {
                source.joinGroup(SSM_GROUP, null, LOCAL);
                return null;
            });
            send(stranger, "stranger", SSM_GROUP, ssmPort);
            send(sender, "friend", SSM_GROUP, ssmPort);
            expect("a source-specific member hears only its source", "friend", ssm.next());
            send(sender, "friend 2", SSM_GROUP, ssmPort);
            expect("still only its source", "friend 2", ssm.next());
        }
    }

    private static void send(DatagramSocket socket, String text, InetAddress group, int port) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, group, port));
    }

    private static void expect(String what, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static <T> T on(Reactor reactor, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        reactor.callFromThread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Records each datagram's text. */
    private static final class Recorder extends DatagramProtocol {
        private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            texts.add(new String(bytes, StandardCharsets.UTF_8));
        }

        String next() throws InterruptedException {
            String text = texts.poll(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return text == null ? "(nothing within " + Kit.WAIT + ")" : text;
        }
    }
}
