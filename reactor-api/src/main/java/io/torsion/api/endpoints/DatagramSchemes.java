package io.torsion.api.endpoints;

import io.torsion.api.Reactor;

/** {@code udp:} and {@code unixgram:}, which make datagram ports only. */
final class DatagramSchemes {

    private DatagramSchemes() {
    }

    /** {@code udp:PORT[:interface=ADDRESS][:maxPacketSize=N]}. */
    static final class Udp implements EndpointScheme {
        @Override
        public String name() {
            return "udp";
        }

        @Override
        public DatagramEndpoint datagram(EndpointArguments arguments) {
            arguments.bind("port", "interface", "maxPacketSize");
            return new UdpEndpoint(
                    arguments.optional("interface", "0.0.0.0", EndpointValues::host),
                    arguments.required("port", EndpointValues::listenPort),
                    arguments.optional("maxPacketSize", Reactor.DEFAULT_MAX_PACKET_SIZE, EndpointValues::packetSize));
        }
    }

    /** {@code unixgram:PATH}. */
    static final class UnixDatagram implements EndpointScheme {
        @Override
        public String name() {
            return "unixgram";
        }

        @Override
        public DatagramEndpoint datagram(EndpointArguments arguments) {
            arguments.bind("address");
            return new UnixDatagramEndpoint(arguments.required("address", EndpointValues::unixPath));
        }
    }
}
