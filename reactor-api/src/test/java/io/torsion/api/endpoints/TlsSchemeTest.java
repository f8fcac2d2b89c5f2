package io.torsion.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.tls.TlsOptions.ClientAuth;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ssl:} strings: what they name, their canonical form, and a clear answer for each mistake. */
class TlsSchemeTest {

    @Test
    void serverNamesItsFilesAndDefaultsTheChainToTheKeyFile() {
        TlsServerEndpoint e = (TlsServerEndpoint) Endpoints.serverFromString("ssl:8443:privateKey=/etc/k.pem");
        assertEquals(new TlsServerEndpoint(new TcpServerEndpoint("0.0.0.0", 8443, 1024), "/etc/k.pem", "/etc/k.pem",
                null, ClientAuth.NONE, List.of()), e);
    }

    @Test
    void serverWithTrustRootsRequiresClientCertificatesUnlessTold() {
        TlsServerEndpoint e = (TlsServerEndpoint) Endpoints.serverFromString(
                "ssl:port=8443:interface=127.0.0.1:certKey=c.pem:privateKey=k.pem:trustRoots=ca.pem:alpn=h2,http/1.1");
        assertEquals(new TlsServerEndpoint(new TcpServerEndpoint("127.0.0.1", 8443, 1024), "c.pem", "k.pem", "ca.pem",
                ClientAuth.REQUIRED, List.of("h2", "http/1.1")), e);
        TlsServerEndpoint optional = (TlsServerEndpoint) Endpoints.serverFromString(
                "ssl:8443:certKey=c.pem:privateKey=k.pem:trustRoots=ca.pem:clientAuth=optional");
        assertEquals(ClientAuth.OPTIONAL, optional.clientAuth());
    }

    @Test
    void clientNamesWhatItTrustsAndOffers() {
        TlsClientEndpoint e = (TlsClientEndpoint) Endpoints.clientFromString(
                "ssl:host=example.org:port=443:trustRoots=ca.pem:alpn=h2:timeout=5");
        assertEquals(new TlsClientEndpoint(new TcpClientEndpoint("example.org", 443, Duration.ofSeconds(5)), "ca.pem",
                null, null, List.of("h2")), e);
    }

    @Test
    void serverOverAUnixSocketTakesUnixKeysInPlaceOfThePort() {
        TlsServerEndpoint e = (TlsServerEndpoint) Endpoints.serverFromString(
                "ssl:unix=/run/chat.sock:mode=660:privateKey=k.pem:certKey=c.pem");
        assertEquals(new TlsServerEndpoint(new UnixServerEndpoint("/run/chat.sock", 0660, 1024), "c.pem", "k.pem",
                null, ClientAuth.NONE, List.of()), e);
    }

    @Test
    void clientOverAUnixSocketNamesTheCertificatesHost() {
        TlsClientEndpoint e = (TlsClientEndpoint) Endpoints.clientFromString(
                "ssl:host=chat.example.org:unix=/run/chat.sock:trustRoots=ca.pem:timeout=5");
        assertEquals(new TlsClientEndpoint(new UnixClientEndpoint("/run/chat.sock", Duration.ofSeconds(5)),
                "chat.example.org", "ca.pem", null, null, List.of()), e);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ssl:unix=/run/chat.sock:mode=600:backlog=5:privateKey=k.pem",
            "ssl:unix=@abstract:privateKey=k.pem:trustRoots=ca.pem",
            "ssl:8443:privateKey=k.pem:certKey=c.pem:trustRoots=ca.pem:clientAuth=optional:alpn=h2,http/1.1",
            "ssl:8443:privateKey=/path/with\\:colon/k.pem",
            "ssl:0:privateKey=k.pem:interface=\\:\\:1:backlog=5"})
    void serverWritesAStringThatParsesBackToIt(String text) {
        StreamServerEndpoint e = Endpoints.serverFromString(text);
        assertEquals(e, Endpoints.serverFromString(e.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ssl:host=localhost:port=8443",
            "ssl:host=localhost:unix=/run/chat.sock:alpn=h2",
            "ssl:localhost:8443:trustRoots=ca.pem:certKey=me.pem:privateKey=me-key.pem:alpn=http/1.1"})
    void clientWritesAStringThatParsesBackToIt(String text) {
        StreamClientEndpoint e = Endpoints.clientFromString(text);
        assertEquals(e, Endpoints.clientFromString(e.toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ssl:8443|privateKey",
            "ssl:8443:privateKey=k.pem:clientAuth=required|clientAuth",
            "ssl:8443:privateKey=k.pem:clientAuth=sometimes|clientAuth",
            "ssl:8443:privateKey=k.pem:alpn=h2,,x|alpn",
            "ssl:8443:privateKey=|privateKey",
            "ssl:8443:privateKey=k.pem:cipher=RC4|cipher",
            "ssl:8443:unix=/run/chat.sock:privateKey=k.pem|port",
            "ssl:unix=/run/chat.sock:interface=127.0.0.1:privateKey=k.pem|interface",
            "ssl:unix=/run/chat.sock:strategy=fewest:privateKey=k.pem|strategy",
            "ssl:8443:mode=600:privateKey=k.pem|mode",
            "ssl:unix=@abstract:mode=600:privateKey=k.pem|mode",
            "ssl:unix=:privateKey=k.pem|unix"})
    void badServerStringNamesTheKeyAtFault(String text, String key) {
        EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class, () -> Endpoints.serverFromString(text));
        assertEquals(key, e.key(), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ssl:unix=/run/chat.sock|host",
            "ssl:host=localhost:port=8443:unix=/run/chat.sock|port",
            "ssl:host=localhost|port"})
    void badClientStringNamesTheKeyAtFault(String text, String key) {
        EndpointSyntaxException e = assertThrows(EndpointSyntaxException.class, () -> Endpoints.clientFromString(text));
        assertEquals(key, e.key(), e.getMessage());
    }

    @Test
    void listeningReadsTheFilesAndSaysWhichIsMissing() {
        StreamServerEndpoint e = Endpoints.serverFromString("ssl:0:privateKey=/nonexistent/key.pem");
        Exception failure = assertThrows(Exception.class, () -> ((TlsServerEndpoint) e).options());
        assertTrue(failure.getMessage().contains("/nonexistent/key.pem"), failure.getMessage());
    }
}
