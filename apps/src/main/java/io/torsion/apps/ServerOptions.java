package io.torsion.apps;

import picocli.CommandLine.Option;

/** The options every server takes. */
final class ServerOptions {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", converter = OptionValues.Port.class,
            description = "Port to listen on (default: the app's own, given above; 0 picks a free one).")
    Integer port;

    @Option(names = "--reactor", paramLabel = "NAME", converter = OptionValues.ReactorName.class,
            completionCandidates = OptionValues.AvailableReactors.class,
            description = "Backend to run on: ${COMPLETION-CANDIDATES} (default: the best available).")
    String reactor;

    @Option(names = "--max-line", paramLabel = "N", defaultValue = "16384", converter = OptionValues.Positive.class,
            description = "Longest line accepted, in bytes; a longer one gets 'ERROR line too long' and the"
                    + " connection closes (default: ${DEFAULT-VALUE}; echo relays bytes and has no line limit).")
    int maxLine;
}
