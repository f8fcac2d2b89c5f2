package io.torsion.soak;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The short soak of {@code mvn verify}: every app for half a minute of load, each on one backend
 * (the three rotate across the apps), all at once, with the full checks of the long soak.
 */
class ShortSoakTest {

    private static final List<String[]> PLAN = List.of(
            new String[] {"echo", "epoll-et"},
            new String[] {"chat", "select"},
            new String[] {"chatroom", "epoll-lt"},
            new String[] {"log", "epoll-et"},
            new String[] {"udpecho", "select"});

    @TestFactory
    Stream<DynamicTest> everyAppComesBackAfterHalfAMinuteOfAbuse() throws Exception {
        Path jar = Path.of(System.getProperty("torsion.jar", "../apps/target/torsion.jar"));
        assertTrue(Files.isRegularFile(jar), "the launcher under test is built: " + jar);
        Path out = Path.of(System.getProperty("soak.out", "target/soak-short"));
        Settings settings = Settings.short_(jar.toAbsolutePath());
        List<Result> results = Soak.run(PLAN, settings, out, PLAN.size());
        Report.write(results, settings, PLAN.size(), "Short soak of mvn verify.", out);
        return results.stream().map(r -> DynamicTest.dynamicTest(r.name(), () -> assertTrue(r.passed(),
                r.name() + " (report: " + out.resolve("REPORT.md") + "): " + String.join("\n  ", r.failures()))));
    }
}
