/** The conformance kit: JUnit 5 tests that every backend runs over real loopback sockets. */
module io.torsion.tck {
    requires transitive io.torsion.api;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;

    exports io.torsion.tck;
}
