package io.torsion.spi;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads every class of a package tree up front. A class loaded lazily needs its class file opened,
 * and the reactor meets rare paths (closing, errors, accept under fd exhaustion) exactly when no
 * file descriptor may be left; a class that cannot load there would end the loop. Loading (not
 * initialising) a few dozen classes at startup costs a few milliseconds.
 */
public final class ClassPreloader {

    private static final Logger log = LoggerFactory.getLogger(ClassPreloader.class);

    private ClassPreloader() {
    }

    /**
     * Loads the classes under {@code packageName} (and its subpackages) from wherever {@code anchor}
     * was loaded: a directory or a jar. Failures are logged and otherwise ignored.
     */
    public static int preload(Class<?> anchor, String packageName) {
        String prefix = packageName.replace('.', '/') + '/';
        List<String> names = new ArrayList<>();
        try {
            CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source == null) {
                return 0;
            }
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {
                listDirectory(location, prefix, names);
            } else {
                listJar(location, prefix, names);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            log.debug("cannot list the classes of {}", packageName, e);
            return 0;
        }
        ClassLoader loader = anchor.getClassLoader();
        int loaded = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                log.debug("cannot preload {}", name, e);
            }
        }
        return loaded;
    }

    private static void listDirectory(Path root, String prefix, List<String> names) throws IOException {
        Path dir = root.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.map(root::relativize).map(Path::toString)
                    .filter(f -> f.endsWith(".class") && !f.endsWith("module-info.class"))
                    .forEach(f -> names.add(toClassName(f.replace(java.io.File.separatorChar, '/'))));
        }
    }

    private static void listJar(Path jar, String prefix, List<String> names) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                if (entry.startsWith(prefix) && entry.endsWith(".class")) {
                    names.add(toClassName(entry));
                }
            }
        }
    }

    private static String toClassName(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
