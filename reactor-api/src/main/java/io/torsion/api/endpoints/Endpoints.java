package io.torsion.api.endpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Endpoint strings, Twisted's {@code serverFromString} and {@code clientFromString}: a string
 * such as {@code tcp:1200:interface=127.0.0.1} or {@code tcp:host=example.org:port=1201} names
 * where to listen or connect, so a program can take it from its command line or configuration.
 *
 * <p>The grammar (fields separated by {@code :}, {@code key=value} fields, {@code \} escaping the
 * next character) is {@link EndpointDescription}'s; what each scheme's keys mean is on the scheme's
 * endpoint classes ({@link TcpServerEndpoint}, {@link TcpClientEndpoint}). Parsing does no I/O:
 * a bad string fails here with an {@link EndpointSyntaxException} naming the key at fault, and
 * names are resolved only when the endpoint is used.
 */
public final class Endpoints {

    /** Every scheme there is. Adding one is one class and one entry here. */
    private static final List<EndpointScheme> SCHEMES = List.of(
            new TcpScheme("tcp", false),
            new TcpScheme("tcp6", true),
            new UnixScheme(),
            new TlsScheme(),
            new DatagramSchemes.Udp(),
            new DatagramSchemes.UnixDatagram());

    private static final Map<String, EndpointScheme> BY_NAME = index(SCHEMES);

    private Endpoints() {
    }

    /** The server endpoint {@code text} names, such as {@code tcp:1200:interface=127.0.0.1}. */
    public static StreamServerEndpoint serverFromString(String text) {
        EndpointDescription description = EndpointDescription.parse(text);
        return scheme(description).streamServer(new EndpointArguments(description, "servers"));
    }

    /** The client endpoint {@code text} names, such as {@code tcp:host=example.org:port=1201}. */
    public static StreamClientEndpoint clientFromString(String text) {
        EndpointDescription description = EndpointDescription.parse(text);
        return scheme(description).streamClient(new EndpointArguments(description, "clients"));
    }

    /** The datagram port {@code text} names, such as {@code udp:10000:interface=127.0.0.1} or {@code unixgram:/path}. */
    public static DatagramEndpoint datagramFromString(String text) {
        EndpointDescription description = EndpointDescription.parse(text);
        return scheme(description).datagram(new EndpointArguments(description, "datagram ports"));
    }

    /** The names of every scheme, in the order they are registered. */
    public static List<String> schemes() {
        return List.copyOf(BY_NAME.keySet());
    }

    private static EndpointScheme scheme(EndpointDescription description) {
        EndpointScheme scheme = BY_NAME.get(description.scheme());
        if (scheme == null) {
            throw new EndpointSyntaxException(description.text(), null, "unknown scheme '" + description.scheme()
                    + "'; known: " + String.join(", ", BY_NAME.keySet()));
        }
        return scheme;
    }

    private static Map<String, EndpointScheme> index(List<EndpointScheme> schemes) {
        Map<String, EndpointScheme> byName = new LinkedHashMap<>();
        for (EndpointScheme scheme : schemes) {
            if (byName.putIfAbsent(scheme.name(), scheme) != null) {
                throw new IllegalStateException("two endpoint schemes are named '" + scheme.name() + "'");
            }
        }
        return byName;
    }
}
