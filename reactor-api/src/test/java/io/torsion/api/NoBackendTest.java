package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** This module's tests run with no backend on the class path: what a user sees who forgot one. */
class NoBackendTest {

    @Test
    void nothingIsAvailable() {
        assertEquals(List.of(), Reactors.available());
    }

    @Test
    void theDefaultNamesTheArtifactsToAddAndTheProperty() {
        ReactorUnavailableException e = assertThrows(ReactorUnavailableException.class, Reactors::createDefault);
        assertEquals("no torsion reactor backend was found. Add a backend as a runtime dependency:"
                + " io.torsion:reactor-select (runs anywhere) or io.torsion:reactor-epoll (Linux), or both;"
                + " with several present, -Dtorsion.reactor=NAME picks one.", e.getMessage());
    }

    @Test
    void askingByNameSaysTheSame() {
        ReactorUnavailableException e = assertThrows(ReactorUnavailableException.class, () -> Reactors.create("epoll"));
        assertTrue(e.getMessage().startsWith("no reactor named 'epoll'. Available: none. No backend was found."),
                e.getMessage());
        assertTrue(e.getMessage().contains("io.torsion:reactor-select"), e.getMessage());
        assertTrue(e.getMessage().contains("io.torsion:reactor-epoll"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dtorsion.reactor=NAME"), e.getMessage());
    }
}
