package io.torsion.apps;

import io.torsion.api.DatagramTransport;
import io.torsion.api.Reactor;
import io.torsion.api.UdpTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The datagram apps of the launcher: {@code udpecho} and {@code multicast send|listen}. */
final class DatagramCommands {

    private DatagramCommands() {
    }

    /** A multicast group: an IPv4 or IPv6 multicast address. */
    static final class Group implements ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String value) throws Exception {
            InetAddress address = InetAddress.getByName(value);
            if (!address.isMulticastAddress()) {
                throw new IllegalArgumentException("not a multicast group address: " + value);
            }
            return address;
        }
    }

    /** A network interface by name ({@code lo}, {@code eth0}) or by one of its addresses. */
    static final class Interface implements ITypeConverter<NetworkInterface> {
        @Override
        public NetworkInterface convert(String value) throws Exception {
            NetworkInterface nif = NetworkInterface.getByName(value);
            if (nif == null) {
                try {
                    nif = NetworkInterface.getByInetAddress(InetAddress.getByName(value));
                } catch (IOException e) {
                    nif = null;
                }
            }
            if (nif == null) {
                throw new IllegalArgumentException("no such network interface: " + value);
            }
            return nif;
        }
    }

    /** The time-to-live of multicast datagrams: 0 to 255. */
    static final class Ttl implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int ttl = Integer.parseInt(value);
            if (ttl < 0 || ttl > 255) {
                throw new IllegalArgumentException("time-to-live must be 0 to 255: " + value);
            }
            return ttl;
        }
    }

    @Command(name = "udpecho", mixinStandardHelpOptions = true,
            description = "Sends every datagram back to its sender. Port " + UdpEchoServer.DEFAULT_PORT
                    + " unless --port says otherwise.")
    static final class UdpEcho implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", paramLabel = "PORT", converter = OptionValues.Port.class,
                description = "UDP port to listen on (default: " + UdpEchoServer.DEFAULT_PORT + "; 0 picks a free one).")
        Integer port;

        @picocli.CommandLine.Mixin
        ReactorOption backend;

        @Option(names = "--max-packet", paramLabel = "BYTES", defaultValue = "8192", converter = OptionValues.Positive.class,
                description = "Longest datagram echoed, up to 65507; a longer one is dropped and logged"
                        + " (default: ${DEFAULT-VALUE}, as Twisted).")
        int maxPacket;

        @Override
        public Integer call() {
            int port = this.port != null ? this.port : UdpEchoServer.DEFAULT_PORT;
            Reactor reactor = Torsion.newReactor(backend.name);
            DatagramTransport listening;
            try {
                listening = reactor.listenUdp(new InetSocketAddress(host, port), new UdpEchoServer(), maxPacket);
            } catch (IOException | RuntimeException e) {
                System.err.println("torsion udpecho: cannot listen on " + host + ":" + port + ": "
                        + Torsion.describe(e));
                return 1;
            }
            Torsion.ready("udpecho", HostPort.of((InetSocketAddress) listening.getHost()), reactor);
            return Torsion.runUntilStopped(reactor);
        }
    }

    /** What both multicast commands take. */
    static final class GroupOptions {
        @Option(names = "--group", paramLabel = "ADDRESS", defaultValue = "224.3.29.71", converter = Group.class,
                description = "Multicast group (default: ${DEFAULT-VALUE}).")
        InetAddress group;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "10000", converter = OptionValues.Port.class,
                description = "Group port (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--interface", paramLabel = "NAME|ADDRESS", converter = Interface.class,
                description = "Network interface to join on or send by (default: the routing table's choice).")
        NetworkInterface networkInterface;

        @picocli.CommandLine.Mixin
        ReactorOption backend;
    }

    /** {@code --reactor NAME}, as every server takes it. */
    static final class ReactorOption {
        @Option(names = "--reactor", paramLabel = "NAME", converter = OptionValues.ReactorName.class,
                completionCandidates = OptionValues.AvailableReactors.class,
                description = "Backend to run on: ${COMPLETION-CANDIDATES} (default: the best available).")
        String name;
    }

    @Command(name = "multicast", mixinStandardHelpOptions = true,
            description = "The tutorial's multicast pair: 'send' a message to a group and print each"
                    + " acknowledgement, or 'listen' to the group and answer each message with 'ack'.",
            subcommands = {Send.class, Listen.class})
    static final class Multicast implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: send or listen");
        }
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Sends MESSAGE to the group, prints every answer that arrives within --timeout, then exits 0.")
    static final class Send implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        GroupOptions options;

        @Parameters(index = "0", paramLabel = "MESSAGE", defaultValue = "very important data",
                description = "What to send (default: '${DEFAULT-VALUE}', as the tutorial).")
        String message;

        @Option(names = "--ttl", paramLabel = "N", defaultValue = "1", converter = Ttl.class,
                description = "Time-to-live of the datagram, 1 = this network (default: ${DEFAULT-VALUE}).")
        int ttl;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "1", converter = OptionValues.Seconds.class,
                description = "How long to wait for answers after sending (default: ${DEFAULT-VALUE}).")
        double timeout;

        @Override
        public Integer call() {
            Reactor reactor = Torsion.newReactor(options.backend.name);
            InetSocketAddress group = new InetSocketAddress(options.group, options.port);
            MulticastSender sender = new MulticastSender(reactor, message, group, ttl, options.networkInterface,
                    Duration.ofMillis(Math.round(timeout * 1000)), System.out);
            try {
                // The port sends from every interface of the group's family; startProtocol sends.
                InetAddress any = InetAddress.getByAddress(new byte[group.getAddress().getAddress().length]);
                reactor.listenUdp(new InetSocketAddress(any, 0), sender, 1024);
            } catch (IOException | RuntimeException e) {
                System.err.println("torsion multicast send: cannot send to " + HostPort.of(group) + ": "
                        + Torsion.describe(e));
                return 1;
            }
            int status = Torsion.runUntilStopped(reactor);
            return sender.failed() ? 1 : status;
        }
    }

    @Command(name = "listen", mixinStandardHelpOptions = true,
            description = "Joins the group on --port and answers every message with 'ack'.")
    static final class Listen implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Mixin
        GroupOptions options;

        @Override
        public Integer call() {
            Reactor reactor = Torsion.newReactor(options.backend.name);
            try {
                UdpTransport port = reactor.listenMulticast(options.port, new MulticastListener(), true);
                port.joinGroup(options.group, options.networkInterface);
            } catch (IOException | RuntimeException e) {
                System.err.println("torsion multicast listen: cannot join " + options.group.getHostAddress() + " on port "
                        + options.port + ": " + Torsion.describe(e));
                return 1;
            }
            Torsion.ready("multicast", HostPort.of(new InetSocketAddress(options.group, options.port)), reactor);
            return Torsion.runUntilStopped(reactor);
        }
    }
}
