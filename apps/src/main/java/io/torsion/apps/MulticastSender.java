package io.torsion.apps;

import io.torsion.api.DatagramProtocol;
import io.torsion.api.Reactor;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The tutorial's multicast sender: sends one message to the group with the given time-to-live,
 * prints every answer that arrives before the timeout ({@code received "ack" from 127.0.0.1:10000}),
 * then {@code timed out, no more responses}, and stops the reactor.
 */
public final class MulticastSender extends DatagramProtocol {

    private final Reactor reactor;
    private final byte[] message;
    private final InetSocketAddress group;
    private final int ttl;
    private final NetworkInterface networkInterface;
    private final Duration timeout;
    private final PrintStream out;
    private int answers;
    private boolean failed;

    /** {@code networkInterface} null: the routing table's choice. */
    public MulticastSender(Reactor reactor, String message, InetSocketAddress group, int ttl,
            NetworkInterface networkInterface, Duration timeout, PrintStream out) {
        this.reactor = reactor;
        this.message = message.getBytes(StandardCharsets.UTF_8);
        this.group = group;
        this.ttl = ttl;
        this.networkInterface = networkInterface;
        this.timeout = timeout;
        this.out = out;
    }

    @Override
    public void startProtocol() {
        UdpTransport udp = (UdpTransport) transport;
        try {
            udp.setTimeToLive(ttl);
            if (networkInterface != null) {
                udp.setOutgoingInterface(networkInterface);
            }
        } catch (IOException e) {
            System.err.println("torsion multicast send: " + e.getMessage());
            failed = true;
            reactor.stop();
            return;
        }
        udp.write(message, group);
        reactor.callLater(timeout, () -> {
            out.println("timed out, no more responses");
            out.flush();
            reactor.stop();
        });
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
        answers++;
        out.println("received \"" + StandardCharsets.UTF_8.decode(data) + "\" from " + HostPort.of((InetSocketAddress) from));
        out.flush();
    }

    /** Answers printed so far. */
    public int answers() {
        return answers;
    }

    /** True when the port could not be set up to send. */
    public boolean failed() {
        return failed;
    }
}
