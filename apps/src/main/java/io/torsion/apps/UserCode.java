package io.torsion.apps;

import io.torsion.api.App;
import io.torsion.api.Factory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * The user's own code the launcher runs: the class path it was started with, plus every jar in
 * the directory holding the launcher's jar (or in {@code -Dtorsion.lib=DIR}), so that dropping
 * {@code kv.jar} next to {@code torsion.jar} is enough.
 */
final class UserCode {

    /** Names a directory of jars to load user code from instead of the launcher's own directory. */
    static final String LIB_PROPERTY = "torsion.lib";

    private final ClassLoader loader;

    private UserCode(ClassLoader loader) {
        this.loader = loader;
    }

    static UserCode find() {
        ClassLoader parent = UserCode.class.getClassLoader();
        List<URL> jars = jarsIn(libraryDirectory());
        return new UserCode(jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent));
    }

    /** Every app registered with ServiceLoader; one that cannot load is reported and skipped. */
    List<App> apps() {
        List<App> apps = new ArrayList<>();
        ServiceLoader.load(App.class, loader).stream().forEach(provider -> {
            try {
                apps.add(provider.get());
            } catch (RuntimeException | LinkageError e) {
                System.err.println("torsion: ignoring app " + provider.type().getName() + ": " + e);
            }
        });
        return apps;
    }

    /**
     * A new instance of the factory class {@code name}.
     *
     * @throws IllegalArgumentException saying what is wrong, in words a user can act on
     */
    Factory factory(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("no class " + name + " on the class path; add its jar with -cp,"
                    + " or put the jar next to torsion.jar");
        }
        if (!Factory.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(name + " is not an io.torsion.api.Factory");
        }
        try {
            return (Factory) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
            throw new IllegalArgumentException(name + " needs a public constructor without arguments");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the constructor of " + name + " threw " + e.getCause());
        }
    }

    private static Path libraryDirectory() {
        String configured = System.getProperty(LIB_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            CodeSource source = UserCode.class.getProtectionDomain().getCodeSource();
            Path location = source == null ? null : Path.of(source.getLocation().toURI());
            return location != null && Files.isRegularFile(location) ? location.getParent() : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static List<URL> jarsIn(Path dir) {
        List<URL> jars = new ArrayList<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return jars;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                // The launcher's own jars are on the class path already.
                String jar = file.getFileName().toString();
                if (jar.endsWith(".jar") && !jar.equals("torsion.jar") && !jar.startsWith("apps-")) {
                    jars.add(file.toUri().toURL());
                }
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("torsion: cannot list " + dir + ": " + e);
        }
        return jars;
    }
}
