package io.torsion.api.endpoints;

/**
 * One scheme of the endpoint grammar ({@code tcp}, {@code unix}): it reads the fields of a string
 * that starts with its name and makes the endpoint they describe. A scheme implements the methods
 * for the kinds of endpoint it makes; the others say it makes none. Schemes are registered in
 * {@link Endpoints}, and only there.
 *
 * <p>Reading the fields must not touch the network or the file system, so that parsing an
 * endpoint string stays a pure function: check shapes here, resolve and open in the endpoint.
 */
public interface EndpointScheme {

    /** The scheme's name, lower case, as written before the first {@code :}. */
    String name();

    /** The stream server endpoint {@code arguments} describe. */
    default StreamServerEndpoint streamServer(EndpointArguments arguments) {
        throw arguments.unsupported();
    }

    /** The stream client endpoint {@code arguments} describe. */
    default StreamClientEndpoint streamClient(EndpointArguments arguments) {
        throw arguments.unsupported();
    }

    /** The datagram port {@code arguments} describe. */
    default DatagramEndpoint datagram(EndpointArguments arguments) {
        throw arguments.unsupported();
    }
}
