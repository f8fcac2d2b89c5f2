package io.torsion.apps;

import io.torsion.api.Reactors;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

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

    /** Every backend on two loops both ways: (backend, {@link Loops.Two}). */
    static Stream<Arguments> onTwoLoopsEachWay() {
        return names().stream().flatMap(name -> Stream.of(Loops.Two.values()).map(way -> Arguments.of(name, way)));
    }

    /** Every backend with one loop and with two: (backend, loops). */
    static Stream<Arguments> onOneAndTwoLoops() {
        return names().stream().flatMap(name -> Stream.of(Arguments.of(name, 1), Arguments.of(name, 2)));
    }
}
