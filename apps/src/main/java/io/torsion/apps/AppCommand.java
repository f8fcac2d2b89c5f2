package io.torsion.apps;

import io.torsion.api.App;
import io.torsion.api.endpoints.StreamServerEndpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * An {@link App} found through ServiceLoader as a launcher command:
 * {@code torsion NAME --listen ENDPOINT [--reactor NAME] [--loops N] [--OPTION VALUE ...]}, with the same ready
 * line, signals and exit statuses as the bundled servers.
 */
final class AppCommand implements Callable<Integer> {

    private final App app;
    private final CommandSpec spec;

    private AppCommand(App app) {
        this.app = app;
        this.spec = CommandSpec.wrapWithoutInspection(this);
    }

    /** The command line for {@code app}, ready to add as a subcommand. */
    static CommandLine of(App app) {
        AppCommand command = new AppCommand(app);
        CommandSpec spec = command.spec;
        spec.name(app.name()).mixinStandardHelpOptions(true);
        spec.usageMessage().description(app.description());
        spec.addOption(OptionSpec.builder("--listen").paramLabel("ENDPOINT").required(true)
                .type(List.class).auxiliaryTypes(StreamServerEndpoint.class)
                .converters(new OptionValues.ServerEndpoint())
                .description("Listen on this endpoint, such as tcp:6379 or tcp:6379:interface=0.0.0.0; repeat for several.")
                .build());
        spec.addOption(OptionSpec.builder("--reactor").paramLabel("NAME").type(String.class)
                .converters(new OptionValues.ReactorName())
                .description("Backend to run on (default: the best available; torsion --help-reactors lists them).")
                .build());
        spec.addOption(OptionSpec.builder("--loops").paramLabel("N").type(Integer.class).defaultValue("1")
                .converters(new OptionValues.Positive())
                .description("Serve on N event loops (default: 1); with more than one, the app's factory serves"
                        + " them all and must be thread-safe.")
                .build());
        for (App.Option option : app.options()) {
            spec.addOption(OptionSpec.builder("--" + option.name()).paramLabel("VALUE").type(String.class)
                    .defaultValue(option.defaultValue())
                    .description(option.description() + " (default: " + option.defaultValue() + ")")
                    .build());
        }
        return new CommandLine(spec);
    }

    @Override
    public Integer call() {
        Map<String, String> options = new LinkedHashMap<>();
        for (App.Option option : app.options()) {
            options.put(option.name(), spec.findOption("--" + option.name()).getValue());
        }
        List<StreamServerEndpoint> endpoints = spec.findOption("--listen").getValue();
        String reactor = spec.findOption("--reactor").getValue();
        io.torsion.api.Factory factory;
        try {
            factory = app.factory(options);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        int loops = spec.findOption("--loops").getValue();
        return Torsion.serve(app.name(), reactor, loops, endpoints, io.torsion.api.GroupFactory.shared(factory));
    }
}
