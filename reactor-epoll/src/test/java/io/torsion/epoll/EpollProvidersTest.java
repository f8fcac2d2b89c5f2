package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.Reactor;
import io.torsion.api.ReactorProvider;
import io.torsion.api.Reactors;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How the backend presents itself to {@link Reactors} on this (Linux) machine. */
class EpollProvidersTest {

    /** The select backend's priority (reactor-select's provider), which this module does not depend on. */
    private static final int SELECT_PRIORITY = 10;

    @Test
    void allThreeNamesAreAvailableAndEpollIsTheDefault() {
        List<String> available = Reactors.available();
        assertTrue(available.containsAll(List.of("epoll", "epoll-et", "epoll-lt")), available.toString());
        assertEquals("epoll", available.get(0), "best first");

        assertEquals(EpollReactorProvider.DEFAULT_MODE.reactorName(), nameAndRelease(Reactors.createDefault()));
    }

    /** The reactor's name; stopping before running makes run() release its descriptors at once. */
    private static String nameAndRelease(Reactor reactor) {
        reactor.stop();
        reactor.run();
        return reactor.name();
    }

    @Test
    void modeNamesRankBelowSelectSoAnUnavailableEpollWarnsOnce() {
        Map<String, Integer> priority = Reactors.providers().stream()
                .collect(Collectors.toMap(ReactorProvider::name, ReactorProvider::priority));
        assertTrue(priority.get("epoll") > SELECT_PRIORITY);
        assertTrue(priority.get("epoll-et") < SELECT_PRIORITY);
        assertTrue(priority.get("epoll-lt") < SELECT_PRIORITY);
    }

    @Test
    void explicitModesGiveTheirOwnReactors() {
        assertEquals("epoll-lt", nameAndRelease(Reactors.create("epoll-lt")));
        assertEquals("epoll-et", nameAndRelease(Reactors.create("epoll-et")));
    }

    @Test
    void descriptionsSayWhichModeThePlainNameMeans() {
        Map<String, String> described = Reactors.providers().stream()
                .collect(Collectors.toMap(ReactorProvider::name, ReactorProvider::description));
        assertEquals("native Linux epoll in its default mode, edge-triggered: the same as epoll-et", described.get("epoll"));
        assertEquals("native Linux epoll, edge-triggered", described.get("epoll-et"));
        assertEquals("native Linux epoll, level-triggered", described.get("epoll-lt"));
        assertEquals("epoll-et", nameAndRelease(Reactors.create("epoll")), "the reactor asked for as epoll");
    }
}
