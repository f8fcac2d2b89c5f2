package io.torsion.apps;

import io.torsion.api.ReactorProvider;
import io.torsion.api.Reactors;
import java.io.PrintStream;
import java.util.List;

/** {@code torsion --help-reactors}: every backend found, best first, whether it can run here and why not. */
final class ReactorListing {

    private ReactorListing() {
    }

    static void print(PrintStream out) {
        List<ReactorProvider> providers = Reactors.providers();
        if (providers.isEmpty()) {
            out.println("No reactor backend found: add io.torsion:reactor-select or io.torsion:reactor-epoll.");
            return;
        }
        int width = providers.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        for (ReactorProvider provider : providers) {
            String verdict = provider.unavailableReason().map(why -> "cannot run here: " + why).orElse("can run here");
            out.printf("%-" + width + "s  %s%n%" + width + "s  %s%n", provider.name(), provider.description(), "", verdict);
        }
        out.println("Choose one with --reactor NAME or -D" + Reactors.PROPERTY + "=NAME; the default is the first"
                + " that can run here.");
    }
}
