package io.torsion.apps;

import io.torsion.api.App;
import io.torsion.api.Factory;
import java.util.List;
import java.util.Map;

/** An app registered in this module's test resources, as a user's jar would register one. */
public final class ShoutApp implements App {

    @Override
    public String name() {
        return "shout";
    }

    @Override
    public String description() {
        return "Answers every line in capitals.";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("suffix", "Added to every answer.", "!"));
    }

    @Override
    public Factory factory(Map<String, String> options) {
        if (options.get("suffix").length() > 3) {
            throw new IllegalArgumentException("--suffix: at most 3 characters");
        }
        return new ShoutFactory(options.get("suffix"));
    }
}
