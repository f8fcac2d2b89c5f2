package io.torsion.apps;

import io.torsion.api.Reactors;
import java.util.List;

/** The backends every end-to-end test runs on: all that can run here. */
final class Backends {

    private Backends() {
    }

    static List<String> names() {
        List<String> names = Reactors.available();
        if (names.isEmpty()) {
            throw new IllegalStateException("no reactor backend on the test class path");
        }
        return names;
    }
}
