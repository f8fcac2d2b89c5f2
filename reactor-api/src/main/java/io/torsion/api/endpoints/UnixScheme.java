package io.torsion.api.endpoints;

/**
 * {@code unix:}, a Unix domain stream socket: a file path, or {@code @name} for a Linux abstract
 * name. Servers take the socket file's mode and a backlog, clients a timeout.
 */
final class UnixScheme implements EndpointScheme {

    @Override
    public String name() {
        return "unix";
    }

    @Override
    public StreamServerEndpoint streamServer(EndpointArguments arguments) {
        arguments.bind("address", "mode", "backlog");
        String address = arguments.required("address", EndpointValues::unixPath);
        Integer mode = arguments.optional("mode", null, EndpointValues::octalMode);
        if (mode != null && UnixServerEndpoint.isAbstract(address)) {
            throw arguments.error("mode", "an abstract name (@...) has no file to give a mode");
        }
        return new UnixServerEndpoint(address, mode != null ? mode : UnixServerEndpoint.DEFAULT_MODE,
                arguments.optional("backlog", UnixServerEndpoint.DEFAULT_BACKLOG, EndpointValues::positive));
    }

    @Override
    public StreamClientEndpoint streamClient(EndpointArguments arguments) {
        arguments.bind("path", "timeout");
        return new UnixClientEndpoint(
                arguments.required("path", EndpointValues::unixPath),
                arguments.optional("timeout", TcpClientEndpoint.DEFAULT_TIMEOUT, EndpointValues::seconds));
    }
}
