package io.torsion.apps;

import io.torsion.api.Reactor;
import io.torsion.api.endpoints.StreamServerEndpoint;
import io.torsion.api.endpoints.TcpServerEndpoint;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every server takes. */
final class ServerOptions {

    /** Where a server listens when told neither --listen nor --host. */
    static final String DEFAULT_HOST = "127.0.0.1";

    @Option(names = "--listen", paramLabel = "ENDPOINT", converter = OptionValues.ServerEndpoint.class,
            description = "Listen on this endpoint, such as tcp:1200:interface=127.0.0.1, tcp6:1200:interface=\\:\\:1,"
                    + " unix:/run/app.sock:mode=660, unix:@name or ssl:8443:privateKey=key.pem."
                    + " Repeat to listen on several at once. The grammar and every key are in docs/endpoints.md.")
    List<StreamServerEndpoint> listen = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST", converter = OptionValues.Host.class,
            description = "Address to listen on (default: " + DEFAULT_HOST + "); with --port, short for"
                    + " --listen tcp:PORT:interface=HOST.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", converter = OptionValues.Port.class,
            description = "Port to listen on (default: the app's own, given above; 0 picks a free one).")
    Integer port;

    @Option(names = "--reactor", paramLabel = "NAME", converter = OptionValues.ReactorName.class,
            completionCandidates = OptionValues.AvailableReactors.class,
            description = "Backend to run on: ${COMPLETION-CANDIDATES} (default: the best available).")
    String reactor;

    @Option(names = "--loops", paramLabel = "N", defaultValue = "1", converter = OptionValues.Positive.class,
            description = "Serve on N event loops, each on its own thread (default: ${DEFAULT-VALUE}); a TCP endpoint's"
                    + " strategy= key says how connections are spread over them (default: SO_REUSEPORT on epoll,"
                    + " one acceptor on select).")
    int loops;

    @Option(names = "--max-line", paramLabel = "N", defaultValue = "16384", converter = OptionValues.Positive.class,
            description = "Longest line accepted, in bytes; a longer one gets 'ERROR line too long' and the"
                    + " connection closes (default: ${DEFAULT-VALUE}; echo and files relay bytes and have no line limit).")
    int maxLine;

    /**
     * Every endpoint to listen on: each {@code --listen}, then the TCP port {@code --host} and
     * {@code --port} name when either is given. With neither, the app's own port on
     * {@link #DEFAULT_HOST}.
     */
    List<StreamServerEndpoint> endpoints(int defaultPort) {
        List<StreamServerEndpoint> endpoints = new ArrayList<>(listen);
        if (host != null || port != null || listen.isEmpty()) {
            endpoints.add(new TcpServerEndpoint(host != null ? host : DEFAULT_HOST, port != null ? port : defaultPort,
                    Reactor.DEFAULT_BACKLOG));
        }
        return endpoints;
    }
}
