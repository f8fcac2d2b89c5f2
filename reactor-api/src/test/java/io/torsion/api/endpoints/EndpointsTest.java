package io.torsion.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ListenStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointsTest {

    // ---- what parses, and to what ------------------------------------------------------------

    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("tcp:1200:interface=127.0.0.1:backlog=1024", new TcpServerEndpoint("127.0.0.1", 1200, 1024)),
                Arguments.of("tcp:1200", new TcpServerEndpoint("0.0.0.0", 1200, 1024)),
                Arguments.of("tcp:port=0:backlog=7", new TcpServerEndpoint("0.0.0.0", 0, 7)),
                Arguments.of("TCP:1200", new TcpServerEndpoint("0.0.0.0", 1200, 1024)),
                Arguments.of("tcp:1200:localhost:50", new TcpServerEndpoint("localhost", 1200, 50)),
                Arguments.of("tcp:1200:interface=\\:\\:1", new TcpServerEndpoint("::1", 1200, 1024)),
                Arguments.of("tcp6:1200:interface=\\:\\:1", new TcpServerEndpoint("::1", 1200, 1024)),
                Arguments.of("tcp6:65535", new TcpServerEndpoint("::", 65535, 1024)),
                Arguments.of("tcp:backlog=3:port=9", new TcpServerEndpoint("0.0.0.0", 9, 3)),
                Arguments.of("tcp:1200:strategy=reuseport", new TcpServerEndpoint("0.0.0.0", 1200, 1024, ListenStrategy.REUSE_PORT)),
                Arguments.of("tcp:1200:strategy=roundrobin", new TcpServerEndpoint("0.0.0.0", 1200, 1024, ListenStrategy.ROUND_ROBIN)),
                Arguments.of("tcp6:1200:\\:\\:1:5:fewest", new TcpServerEndpoint("::1", 1200, 5, ListenStrategy.FEWEST_CONNECTIONS)),
                Arguments.of("unix:/run/torsion/chat.sock:mode=660", new UnixServerEndpoint("/run/torsion/chat.sock", 0660, 1024)),
                Arguments.of("unix:./uds_socket", new UnixServerEndpoint("./uds_socket", 0666, 1024)),
                Arguments.of("unix:address=x.sock:mode=0600:backlog=5", new UnixServerEndpoint("x.sock", 0600, 5)),
                Arguments.of("unix:@abstract-name", new UnixServerEndpoint("@abstract-name", 0666, 1024)),
                Arguments.of("unix:@abstract-name:backlog=9", new UnixServerEndpoint("@abstract-name", 0666, 9)),
                Arguments.of("unix:/tmp/with\\:colon", new UnixServerEndpoint("/tmp/with:colon", 0666, 1024)),
                Arguments.of("unix:" + "p".repeat(107), new UnixServerEndpoint("p".repeat(107), 0666, 1024)));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void serverStringNamesItsEndpoint(String text, StreamServerEndpoint expected) {
        assertEquals(expected, Endpoints.serverFromString(text));
    }

    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of("tcp:host=example.org:port=1201:timeout=5",
                        new TcpClientEndpoint("example.org", 1201, Duration.ofSeconds(5))),
                Arguments.of("tcp:127.0.0.1:1201", new TcpClientEndpoint("127.0.0.1", 1201, Duration.ofSeconds(30))),
                Arguments.of("tcp:host=\\:\\:1:port=1:timeout=0.25", new TcpClientEndpoint("::1", 1, Duration.ofMillis(250))),
                Arguments.of("tcp:localhost:port=8007:timeout=0.000000001",
                        new TcpClientEndpoint("localhost", 8007, Duration.ofNanos(1))),
                Arguments.of("unix:path=/run/x.sock", new UnixClientEndpoint("/run/x.sock", Duration.ofSeconds(30))),
                Arguments.of("unix:./uds_socket:timeout=2", new UnixClientEndpoint("./uds_socket", Duration.ofSeconds(2))),
                Arguments.of("unix:@abstract-name", new UnixClientEndpoint("@abstract-name", Duration.ofSeconds(30))));
    }

    @ParameterizedTest
    @MethodSource("clients")
    void clientStringNamesItsEndpoint(String text, StreamClientEndpoint expected) {
        assertEquals(expected, Endpoints.clientFromString(text));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void serverEndpointWritesAStringThatParsesBackToIt(String text, StreamServerEndpoint endpoint) {
        assertEquals(endpoint, Endpoints.serverFromString(endpoint.toString()));
    }

    @ParameterizedTest
    @MethodSource("clients")
    void clientEndpointWritesAStringThatParsesBackToIt(String text, StreamClientEndpoint endpoint) {
        assertEquals(endpoint, Endpoints.clientFromString(endpoint.toString()));
    }

    @Test
    void canonicalUnixStringsSpellEveryKeyThatApplies() {
        assertEquals("unix:/run/torsion/chat.sock:mode=660:backlog=1024",
                Endpoints.serverFromString("unix:/run/torsion/chat.sock:mode=660").toString());
        assertEquals("unix:x.sock:mode=600:backlog=1024", Endpoints.serverFromString("unix:x.sock:mode=0600").toString());
        assertEquals("unix:@abstract-name:backlog=1024", Endpoints.serverFromString("unix:@abstract-name").toString());
        assertEquals("unix:path=/tmp/a\\:b:timeout=30", Endpoints.clientFromString("unix:/tmp/a\\:b").toString());
    }

    @Test
    void canonicalStringsSpellEveryKey() {
        assertEquals("tcp:1200:interface=\\:\\:1:backlog=1024", Endpoints.serverFromString("tcp6:1200:interface=\\:\\:1").toString());
        assertEquals("tcp:host=example.org:port=1201:timeout=2.5",
                Endpoints.clientFromString("tcp:example.org:1201:timeout=2.5").toString());
    }

    // ---- the grammar ---------------------------------------------------------------------------

    @Test
    void backslashMakesTheNextCharacterLiteral() {
        EndpointDescription d = EndpointDescription.parse("x:a\\:b:c\\=d:e\\\\f:k=v\\:w:q=r=s");
        assertEquals("x", d.scheme());
        assertEquals(List.of("a:b", "c=d", "e\\f"), d.positional());
        assertEquals(Map.of("k", "v:w", "q", "r=s"), d.keywords());
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", ":", "=", "\\", "a=b:c\\d", "::1", "/run/torsion/chat.sock", "@abstract", ""})
    void escapedValueComesBackUnchanged(String value) {
        EndpointDescription d = EndpointDescription.parse("x:k=" + EndpointDescription.escape(value));
        assertEquals(Map.of("k", value), d.keywords());
        if (!value.isEmpty()) {
            assertEquals(List.of(value), EndpointDescription.parse("x:" + EndpointDescription.escape(value)).positional());
        }
    }

    @Test
    void pathsNeedNoEscaping() {
        EndpointDescription d = EndpointDescription.parse("unix:/run/torsion/chat.sock:mode=660");
        assertEquals(List.of("/run/torsion/chat.sock"), d.positional());
        assertEquals(Map.of("mode", "660"), d.keywords());
    }

    /** Faults of the grammar or the scheme, which no one key owns. */
    static Stream<Arguments> faultsOfNoKey() {
        return Stream.of(
                Arguments.of("", "no scheme"),
                Arguments.of("1200", "for a TCP port write tcp:1200"),
                Arguments.of(":1200", "no scheme"),
                Arguments.of("port=1200", "no scheme"),
                Arguments.of("t cp:1200", "'t cp' is not a scheme"),
                Arguments.of("tpc:1200", "unknown scheme 'tpc'; known: tcp, tcp6, unix, ssl, udp, unixgram"),
                Arguments.of("tcp:1200:", "field 2 is empty"),
                Arguments.of("tcp::1200", "field 1 is empty"),
                Arguments.of("tcp:1200\\", "lone '\\'"),
                Arguments.of("tcp:backlog=5:1200", "positional field '1200' comes after key=value fields"),
                Arguments.of("tcp:1200:=5", "field 2 has no key before '='"),
                Arguments.of("tcp:1200:back-log=5", "'back-log' is not a key"),
                Arguments.of("tcp:1200:127.0.0.1:50:fewest:extra", "too many positional fields ('extra' has no key); "
                        + "tcp servers take port, interface, backlog, strategy, in that order"));
    }

    @ParameterizedTest
    @MethodSource("faultsOfNoKey")
    void brokenGrammarSaysWhatIsWrong(String text, String expected) {
        EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class, () -> Endpoints.serverFromString(text));
        assertNull(e.key());
        assertTrue(e.getMessage().startsWith("endpoint '" + text + "': "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    // ---- every bad value or key names the key --------------------------------------------------

    static Stream<Arguments> badServerKeys() {
        return Stream.of(
                Arguments.of("tcp:1200:backlg=5", "backlg", "unknown; tcp servers take port, interface, backlog, strategy"),
                Arguments.of("tcp:1200:strategy=random", "strategy",
                        "'random' is not a listening strategy (reuseport, roundrobin or fewest)"),
                Arguments.of("tcp:interface=127.0.0.1", "port", "required"),
                Arguments.of("tcp:http", "port", "'http' is not a port (0-65535)"),
                Arguments.of("tcp:65536", "port", "'65536' is not a port"),
                Arguments.of("tcp:-1", "port", "'-1' is not a port"),
                Arguments.of("tcp:port=", "port", "'' is not a port"),
                Arguments.of("tcp:99999999999999999999", "port", "is not a port"),
                Arguments.of("tcp:1200:port=1201", "port", "given twice (once as positional field 1)"),
                Arguments.of("tcp:port=1:port=2", "port", "given twice"),
                Arguments.of("tcp:1200:backlog=0", "backlog", "'0' is not a whole number of at least 1"),
                Arguments.of("tcp:1200:backlog=many", "backlog", "is not a whole number"),
                Arguments.of("tcp:1200:interface=not_a_host", "interface", "neither an IP address nor a host name"),
                Arguments.of("tcp:1200:interface=1.2.3", "interface", "neither an IP address nor a host name"),
                Arguments.of("tcp:1200:interface=256.0.0.1", "interface", "neither"),
                Arguments.of("tcp:1200:interface=[\\:\\:1]", "interface", "without brackets"),
                Arguments.of("tcp:1200:interface=\\:\\:\\:1", "interface", "neither"),
                Arguments.of("tcp:1200:interface=", "interface", "neither"),
                Arguments.of("tcp6:1200:interface=127.0.0.1", "interface", "'127.0.0.1' is not an IPv6 address"),
                Arguments.of("tcp6:1200:interface=localhost", "interface", "not an IPv6 address"),
                Arguments.of("unix:mode=660", "address", "required"),
                Arguments.of("unix:@", "address", "'@' needs a name after it"),
                Arguments.of("unix:" + "p".repeat(108), "address", "is 108 bytes; a Unix socket path holds at most 107"),
                Arguments.of("unix:/tmp/\u00e9" + "p".repeat(101), "address", "is 108 bytes"),
                Arguments.of("unix:/tmp/a\u0000b", "address", "holds a NUL character"),
                Arguments.of("unix:/run/x.sock:mode=rw", "mode", "'rw' is not a permission mode"),
                Arguments.of("unix:/run/x.sock:mode=1777", "mode", "'1777' is not a permission mode"),
                Arguments.of("unix:/run/x.sock:mode=668", "mode", "is not a permission mode"),
                Arguments.of("unix:@name:mode=660", "mode", "an abstract name (@...) has no file to give a mode"),
                Arguments.of("unix:/run/x.sock:backlog=-5", "backlog", "is not a whole number"),
                Arguments.of("unix:/run/x.sock:lockfile=1", "lockfile", "unknown; unix servers take address, mode, backlog"));
    }

    @ParameterizedTest
    @MethodSource("badServerKeys")
    void badServerKeyIsNamed(String text, String key, String expected) {
        assertNamesKey(assertThrows(EndpointSyntaxException.class, () -> Endpoints.serverFromString(text)), text, key, expected);
    }

    static Stream<Arguments> badClientKeys() {
        return Stream.of(
                Arguments.of("tcp:port=1201", "host", "required"),
                Arguments.of("tcp:host=example.org", "port", "required"),
                Arguments.of("tcp:example.org:0", "port", "'0' is not a port (1-65535)"),
                Arguments.of("tcp:example.org:1201:timeout=0", "timeout", "must be more than 0 seconds"),
                Arguments.of("tcp:example.org:1201:timeout=-1", "timeout", "'-1' is not a number of seconds"),
                Arguments.of("tcp:example.org:1201:timeout=soon", "timeout", "is not a number of seconds"),
                Arguments.of("tcp:example.org:1201:timeout=1.0000000001", "timeout", "is not a number of seconds"),
                Arguments.of("tcp:example.org:1201:timeout=1e3", "timeout", "is not a number of seconds"),
                Arguments.of("tcp:example.org:1201:bindAddress=127.0.0.1", "bindAddress",
                        "unknown; tcp clients take host, port, timeout"),
                Arguments.of("tcp:exa mple.org:1201", "host", "neither an IP address nor a host name"),
                Arguments.of("unix:timeout=5", "path", "required"),
                Arguments.of("unix:/run/x.sock:timeout=0", "timeout", "must be more than 0"),
                Arguments.of("unix:/run/x.sock:checkPID=1", "checkPID", "unknown; unix clients take path, timeout"));
    }

    @ParameterizedTest
    @MethodSource("badClientKeys")
    void badClientKeyIsNamed(String text, String key, String expected) {
        assertNamesKey(assertThrows(EndpointSyntaxException.class, () -> Endpoints.clientFromString(text)), text, key, expected);
    }

    private static void assertNamesKey(EndpointSyntaxException e, String text, String key, String expected) {
        assertEquals(key, e.key(), e.getMessage());
        assertTrue(e.getMessage().startsWith("endpoint '" + text + "': key '" + key + "': "), e.getMessage());
        assertTrue(e.problem().contains(expected), e.getMessage());
    }

    @Test
    void schemeThatMakesNoClientsSaysSoAndWhatToUse() {
        EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class,
                () -> Endpoints.clientFromString("tcp6:host=\\:\\:1:port=1201"));
        assertTrue(e.getMessage().contains("scheme 'tcp6' makes no clients"), e.getMessage());
        assertTrue(e.getMessage().contains("tcp:host=\\:\\:1:port=1201"), e.getMessage());
    }

    @Test
    void messageQuotesAtMostTheStartOfAHugeString() {
        String huge = "tcp:1200:interface=" + "a".repeat(100_000);
        EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class, () -> Endpoints.serverFromString(huge));
        assertEquals("interface", e.key());
        assertTrue(e.getMessage().length() < 700, e.getMessage());
        assertTrue(e.getMessage().startsWith("endpoint '" + huge.substring(0, 200) + "...': key 'interface'"), e.getMessage());
    }

    @Test
    void hostNamesAreNotResolvedWhileParsing() {
        // .invalid never resolves (RFC 2606); parsing must succeed without asking anyone.
        assertEquals(new TcpClientEndpoint("no-such-host.invalid", 1, Duration.ofSeconds(30)),
                Endpoints.clientFromString("tcp:no-such-host.invalid:1"));
    }

    @Test
    void schemesAreListedInOnePlace() {
        assertEquals(List.of("tcp", "tcp6", "unix", "ssl", "udp", "unixgram"), Endpoints.schemes());
    }
}
