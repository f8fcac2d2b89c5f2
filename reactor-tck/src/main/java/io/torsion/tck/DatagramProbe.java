package io.torsion.tck;

import io.torsion.api.DatagramProtocol;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A datagram protocol that records what the port tells it, checks that every hook runs on the
 * reactor thread and in order (start once, then events, then stop once, nothing after), and
 * optionally echoes each datagram to its sender. Datagrams whose text is {@code "boom"} make it throw.
 */
public class DatagramProbe extends DatagramProtocol {

    /** One datagram as received: a copy of its bytes and its sender. */
    public record Received(byte[] data, SocketAddress from) {
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final Kit kit;
    private final boolean echo;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger stops = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger truncations = new AtomicInteger();
    private final AtomicLong receivedCount = new AtomicLong();
    private final AtomicLong drops = new AtomicLong();

    public DatagramProbe(Kit kit, boolean echo) {
        this.kit = kit;
        this.echo = echo;
    }

    @Override
    public void startProtocol() {
        check("startProtocol");
        if (starts.incrementAndGet() != 1) {
            kit.violation("startProtocol ran twice");
        }
    }

    @Override
    public void stopProtocol() {
        check("stopProtocol");
        if (stops.incrementAndGet() != 1) {
            kit.violation("stopProtocol ran twice");
        }
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
        check("datagramReceived");
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        if (Arrays.equals(bytes, "boom".getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalStateException("boom, as the test asked");
        }
        receivedCount.incrementAndGet();
        if (echo) {
            transport.write(data, from);
        } else {
            received.add(new Received(bytes, from));
        }
    }

    @Override
    public void connectionRefused() {
        check("connectionRefused");
        refusals.incrementAndGet();
    }

    @Override
    public void datagramTruncated(SocketAddress from) {
        check("datagramTruncated");
        truncations.incrementAndGet();
    }

    @Override
    public void datagramDropped(SocketAddress to, int length) {
        check("datagramDropped");
        drops.incrementAndGet();
    }

    private void check(String hook) {
        if (!kit.onReactorThread()) {
            kit.violation(hook + " ran on " + Thread.currentThread().getName());
        }
        if (!hook.equals("startProtocol") && starts.get() != 1) {
            kit.violation(hook + " before startProtocol");
        }
        if (!hook.equals("stopProtocol") && stops.get() != 0) {
            kit.violation(hook + " after stopProtocol");
        }
    }

    /** The next datagram recorded (not echoed), waiting up to {@link Kit#WAIT}; fails when none comes. */
    public Received next() throws InterruptedException {
        Received r = received.poll(Kit.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no datagram arrived within " + Kit.WAIT);
        }
        return r;
    }

    /** A datagram already recorded, or null. */
    public Received poll() {
        return received.poll();
    }

    public int starts() {
        return starts.get();
    }

    public int stops() {
        return stops.get();
    }

    public int refusals() {
        return refusals.get();
    }

    public int truncations() {
        return truncations.get();
    }

    /** Datagrams the port reported dropped from its send queue. */
    public long drops() {
        return drops.get();
    }

    /** Datagrams delivered (echoed or recorded). */
    public long receivedCount() {
        return receivedCount.get();
    }
}
