package io.torsion.soak;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * udpecho: pingers that need every datagram back (resending on loss, which a flood may cause, and
 * failing only when nothing comes back within the bound), floods that never read, datagrams over
 * {@code --max-packet} (which must never come back), empty ones and a storm of sockets that close
 * before their echo arrives.
 */
final class UdpEchoDriver implements AppDriver {

    private static final int MAX_PACKET = 8192;
    private static final int RESEND_MILLIS = 250;
    /** What datagrams past --max-packet are filled with, to tell an echo of one (part or whole) from others. */
    private static final byte OVERSIZED = 'O';

    @Override
    public String app() {
        return "udpecho";
    }

    @Override
    public List<String> serverArgs(Workspace work) {
        return List.of("--port", "0", "--max-packet", Integer.toString(MAX_PACKET));
    }

    @Override
    public Addresses addresses(List<String> ready, Workspace work) {
        return new Addresses(null, null, null, null, StreamApp.hostPort(ready.get(0)));
    }

    @Override
    public List<ClientKind> clients() {
        return List.of(
                ClientKind.wellBehaved("udp-pinger", 3, Duration.ofMillis(20), UdpEchoDriver::pinger),
                ClientKind.abusive("udp-flood-never-reads", Duration.ofMillis(200), UdpEchoDriver::flood),
                ClientKind.abusive("udp-oversized", Duration.ofMillis(200), UdpEchoDriver::oversized),
                ClientKind.abusive("udp-empty-and-garbage", Duration.ofMillis(100), UdpEchoDriver::emptyAndGarbage),
                ClientKind.abusive("udp-socket-storm", Duration.ofMillis(500), UdpEchoDriver::socketStorm));
    }

    private static void pinger(Rig rig) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 20; i++) {
                byte[] payload = new byte[rig.random().nextInt(8, MAX_PACKET + 1)];
                rig.random().nextBytes(payload);
                ByteBuffer.wrap(payload).putLong(rig.random().nextLong());
                exchange(rig, socket, payload);
                rig.tally().count("udp datagrams echoed");
            }
        }
    }

    /** Sends until the same bytes come back, resending every 250 ms, for at most the rig's bound. */
    private static void exchange(Rig rig, DatagramSocket socket, byte[] payload) throws IOException {
        InetSocketAddress server = rig.addresses().udp();
        long deadline = System.nanoTime() + rig.answerBound().toNanos();
        byte[] in = new byte[65536];
        socket.setSoTimeout(RESEND_MILLIS);
        boolean first = true;
        while (System.nanoTime() < deadline) {
            if (!first) {
                rig.tally().count("udp datagrams resent (lost on the way)");
            }
            first = false;
            socket.send(new DatagramPacket(payload, payload.length, server));
            long resend = System.nanoTime() + RESEND_MILLIS * 1_000_000L;
            try {
                while (System.nanoTime() < resend) {
                    DatagramPacket reply = new DatagramPacket(in, in.length);
                    socket.receive(reply);
                    if (reply.getLength() == payload.length && Arrays.equals(payload, 0, payload.length, in, 0, payload.length)) {
                        return;
                    }
                    rig.tally().count("udp stale replies (to a resent datagram)");
                }
            } catch (SocketTimeoutException e) {
                // lost on the way: send it again
            }
        }
        throw new IOException("no echo of a " + payload.length + " B datagram within " + rig.answerBound().toSeconds() + " s");
    }

    private static void flood(Rig rig) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 2000; i++) {
                byte[] payload = new byte[rig.random().nextInt(1, 1500)];
                socket.send(new DatagramPacket(payload, payload.length, rig.addresses().udp()));
            }
            rig.tally().add("udp flood datagrams", 2000);
        }
    }

    /** Datagrams past --max-packet: dropped by the server, never echoed in part. */
    private static void oversized(Rig rig) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(300);
            for (int i = 0; i < 3; i++) {
                byte[] payload = new byte[rig.random().nextInt(MAX_PACKET + 1, 65508)];
                Arrays.fill(payload, OVERSIZED);
                socket.send(new DatagramPacket(payload, payload.length, rig.addresses().udp()));
            }
            try {
                while (true) {
                    DatagramPacket reply = new DatagramPacket(new byte[65536], 65536);
                    socket.receive(reply);
                    if (reply.getLength() > 0 && allOversized(reply)) {
                        rig.tally().violation("udpecho echoed " + reply.getLength() + " B of a datagram past --max-packet");
                        return;
                    }
                    // The echo of what an earlier socket on this port sent before it closed (a storm's,
                    // a flood's): not an answer to this socket.
                    rig.tally().count("udp echoes that reached a later owner of their port");
                }
            } catch (SocketTimeoutException e) {
                rig.tally().add("udp oversized datagrams dropped", 3);
            }
        }
    }

    private static boolean allOversized(DatagramPacket reply) {
        for (int i = 0; i < reply.getLength(); i++) {
            if (reply.getData()[i] != OVERSIZED) {
                return false;
            }
        }
        return true;
    }

    private static void emptyAndGarbage(Rig rig) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.send(new DatagramPacket(new byte[0], 0, rig.addresses().udp()));
            byte[] garbage = new byte[rig.random().nextInt(1, 512)];
            rig.random().nextBytes(garbage);
            socket.send(new DatagramPacket(garbage, garbage.length, rig.addresses().udp()));
            rig.tally().add("udp empty and garbage datagrams", 2);
        }
    }

    /** Sockets that send one datagram and close before the echo can arrive (its answer meets a closed port). */
    private static void socketStorm(Rig rig) throws IOException {
        for (int i = 0; i < 50; i++) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                socket.send(new DatagramPacket(new byte[64], 64, rig.addresses().udp()));
            }
        }
        rig.tally().add("udp storm sockets", 50);
    }

    @Override
    public void probe(Rig rig) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] payload = ("probe " + rig.uniqueName("p")).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange(rig, socket, payload);
        }
    }

    @Override
    public List<String> finalChecks(Rig rig, Workspace work) {
        return List.of();
    }
}
