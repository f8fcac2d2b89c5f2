package io.torsion.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default error hook, in a child JVM whose class path has slf4j-api with and without a
 * provider: an error a timer throws is never invisible.
 */
class StandardErrorHandlerTest {

    @TempDir
    Path dir;

    @Test
    void withoutAnSlf4jProviderTheErrorGoesToStandardError() throws Exception {
        String stderr = runChild(false);
        assertTrue(stderr.contains("torsion: timer task "), stderr);
        assertTrue(stderr.contains("java.lang.IllegalStateException: thrown on purpose from a timer"), stderr);
        assertTrue(stderr.contains("\tat io.torsion.api.TimerThrowsMain"), "with its stack trace: " + stderr);
    }

    @Test
    void withAProviderTheErrorIsLoggedThroughIt() throws Exception {
        String stderr = runChild(true);
        // slf4j-simple's format: level, then the logger name.
        assertTrue(stderr.contains("ERROR io.torsion.reactor - timer task "), stderr);
        assertTrue(stderr.contains("java.lang.IllegalStateException: thrown on purpose from a timer"), stderr);
        assertFalse(stderr.contains("torsion: timer task"), "written twice: " + stderr);
    }

    private String runChild(boolean withProvider) throws Exception {
        List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("junit") && !e.contains("opentest4j") && !e.contains("apiguardian"))
                .filter(e -> withProvider || !e.contains("slf4j-simple"))
                .collect(Collectors.toList());
        assertEquals(withProvider, entries.stream().anyMatch(e -> e.contains("slf4j-simple")), "class path " + entries);
        Path stderr = dir.resolve("stderr.txt");
        Process child = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, entries), TimerThrowsMain.class.getName())
                .redirectErrorStream(false).redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(0, child.exitValue(), Files.readString(stderr));
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }
}
