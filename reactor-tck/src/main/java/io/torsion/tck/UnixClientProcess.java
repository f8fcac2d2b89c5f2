package io.torsion.tck;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@link UnixConnectClient} in a child JVM as another user, to see a permission check that
 * root (who runs CI) always passes. The class path is copied where that user can read it.
 */
final class UnixClientProcess {

    private UnixClientProcess() {
    }

    /** What the client as {@code user} reported: the failure's message, or "connected". */
    static String connectAs(String user, String backend, String path) throws Exception {
        Path copy = Files.createTempDirectory("tk-cp");
        try {
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = copy.resolve(i++ + "-" + from.getFileName());
                copyTree(from, to);
                entries.add(to.toString());
            }
            openToAll(copy);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder("runuser", "-u", user, "--", java, "-cp",
                    String.join(File.pathSeparator, entries), UnixConnectClient.class.getName(), backend, path)
                    .redirectErrorStream(true).start();
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("the client as " + user + " did not finish");
            }
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            for (String line : out.split("\n")) {
                if (line.startsWith("failed: ")) {
                    return line.substring("failed: ".length());
                }
                if (line.equals("connected")) {
                    return line;
                }
            }
            throw new AssertionError("the client as " + user + " said nothing useful: " + out);
        } finally {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void openToAll(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                p.toFile().setReadable(true, false);
                if (Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            }
        }
    }
}
