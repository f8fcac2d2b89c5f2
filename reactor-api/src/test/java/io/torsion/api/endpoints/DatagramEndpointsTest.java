package io.torsion.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DatagramEndpointsTest {

    @Test
    void udpWithInterfaceAsTheIssueWritesIt() {
        assertEquals(new UdpEndpoint("127.0.0.1", 10000, 8192), Endpoints.datagramFromString("udp:10000:interface=127.0.0.1"));
    }

    @Test
    void udpDefaultsToEveryIpv4InterfaceAndTwistedsPacketSize() {
        assertEquals(new UdpEndpoint("0.0.0.0", 0, 8192), Endpoints.datagramFromString("udp:0"));
        assertEquals(new UdpEndpoint("::1", 5, 65507),
                Endpoints.datagramFromString("udp:port=5:interface=\\:\\:1:maxPacketSize=65507"));
    }

    @Test
    void canonicalStringsParseBack() {
        for (String text : new String[] {"udp:10000:interface=127.0.0.1", "unixgram:/tmp/a\\:b.sock"}) {
            DatagramEndpoint endpoint = Endpoints.datagramFromString(text);
            assertEquals(endpoint, Endpoints.datagramFromString(endpoint.toString()));
        }
    }

    @Test
    void unixgramTakesAPath() {
        assertEquals(new UnixDatagramEndpoint("/run/app.sock"), Endpoints.datagramFromString("unixgram:/run/app.sock"));
        assertEquals(new UnixDatagramEndpoint("/run/app.sock"),
                Endpoints.datagramFromString("unixgram:address=/run/app.sock"));
    }

    @Test
    void badInputNamesTheKey() {
        assertEquals("maxPacketSize", assertThrows(EndpointSyntaxException.class,
                () -> Endpoints.datagramFromString("udp:1:maxPacketSize=65508")).key());
        assertEquals("port", assertThrows(EndpointSyntaxException.class,
                () -> Endpoints.datagramFromString("udp:interface=127.0.0.1")).key());
        assertEquals("ttl", assertThrows(EndpointSyntaxException.class,
                () -> Endpoints.datagramFromString("udp:1:ttl=3")).key());
        assertThrows(EndpointSyntaxException.class, () -> Endpoints.datagramFromString("unixgram:"));
    }

    @Test
    void streamSchemesMakeNoDatagramPortsAndTheOtherWayRound() {
        assertThrows(EndpointSyntaxException.class, () -> Endpoints.datagramFromString("tcp:1200"));
        assertThrows(EndpointSyntaxException.class, () -> Endpoints.serverFromString("udp:10000"));
        assertThrows(EndpointSyntaxException.class, () -> Endpoints.clientFromString("unixgram:/tmp/x"));
    }
}
