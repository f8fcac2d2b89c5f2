package io.torsion.apps;

/** An app served by several loops, and where a test's clients connect to it. */
interface Loops extends AutoCloseable {

    /** Connects the test's client number {@code i}. */
    WireClient connect(int i) throws Exception;

    /** Stops the app; fails if it did not stop cleanly. */
    @Override
    void close() throws Exception;

    /** How a test's app gets two loops. */
    enum Two {
        /** Two reactors of the test's own, on their own ports: client i on loop i % 2, as the test chooses. */
        REACTORS,
        /** The launcher's {@code --loops 2}: the group spreads the clients. */
        LAUNCHER
    }
}
