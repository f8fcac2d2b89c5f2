package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.torsion.api.ExitStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What spawnProcess refuses before any backend sees it, and how the JDK's exit values are read. */
class ProcessRequestTest {

    private static String refusal(List<String> argv, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> new ProcessRequest(argv, env, null)).getMessage();
    }

    @Test
    void badArgumentsAndEnvironmentAreRefusedWithTheirReason() {
        assertTrue(refusal(List.of(), null).contains("argv[0]"));
        assertTrue(refusal(List.of(""), null).contains("empty"));
        assertTrue(refusal(List.of("sh", "a\0b"), null).contains("NUL"));
        assertTrue(refusal(List.of("sh"), Map.of("A=B", "c")).contains("A=B"));
        assertTrue(refusal(List.of("sh"), Map.of("", "c")).contains("name"));
        assertTrue(refusal(List.of("sh"), Map.of("A", "c\0d")).contains("value of A"));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("A", null);
        assertTrue(refusal(List.of("sh"), nullValue).contains("value of A"));
    }

    @Test
    void theRequestKeepsCopiesAndANullEnvironmentMeansOurs() {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", "true"));
        Map<String, String> env = new HashMap<>(Map.of("A", "x=y"));
        ProcessRequest request = new ProcessRequest(argv, env, null);
        argv.add("changed");
        env.put("B", "later");
        assertEquals(List.of("sh", "-c", "true"), request.argv());
        assertEquals(Map.of("A", "x=y"), request.effectiveEnvironment());
        assertEquals("sh", request.program());
        ProcessRequest inherit = new ProcessRequest(List.of("sh"), null, null);
        assertNull(inherit.environment());
        assertEquals(System.getenv(), inherit.effectiveEnvironment());
    }

    @Test
    void jdkExitValuesAbove128AreReadAsSignals() {
        assertEquals(new ExitStatus.Exited(0), ThreadedLauncher.status(0));
        assertEquals(new ExitStatus.Exited(3), ThreadedLauncher.status(3));
        assertEquals(new ExitStatus.Exited(128), ThreadedLauncher.status(128));
        assertEquals(new ExitStatus.Killed(9), ThreadedLauncher.status(137));
        assertEquals(new ExitStatus.Killed(15), ThreadedLauncher.status(143));
        assertEquals(new ExitStatus.Killed(64), ThreadedLauncher.status(192));
        assertEquals(new ExitStatus.Exited(200), ThreadedLauncher.status(200));
    }
}
