package io.torsion.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Standard input on the epoll reactor, in a child JVM: watched when it is a pipe, read by a helper thread when it is a file. */
@Timeout(60)
class StandardInputTest {

    private static ProcessBuilder child(String backend) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", StdinUppercaseMain.class.getName(), backend)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    private static String finish(Process process) throws Exception {
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child stops at end of input");
            assertEquals(0, process.exitValue());
            return out;
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void pipeIsWatchedByEpollAndEndOfInputStopsTheProtocol() throws Exception {
        Process process = child("epoll-et").start();
        try (OutputStream in = process.getOutputStream()) {
            in.write("one\ntwo\n".getBytes(StandardCharsets.UTF_8));
        }

        assertEquals("via PipeFace\nONE\nTWO\nlost ConnectionDone\n", finish(process));
    }

    @Test
    void regularFileFallsBackToTheHelperThread(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("input.txt"), "from a file\n");

        Process process = child("epoll-lt").redirectInput(input.toFile()).start();
        process.getOutputStream().close();

        assertEquals("via StandardInputReader\nFROM A FILE\nlost ConnectionDone\n", finish(process));
    }
}
