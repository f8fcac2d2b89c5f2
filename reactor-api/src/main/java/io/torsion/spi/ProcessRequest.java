package io.torsion.spi;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start, checked once for every backend: the argument vector ({@code argv[0]} the program),
 * the whole environment ({@code null}: this process's) and the working directory ({@code null}:
 * this process's). Arguments and environment become C strings, so a NUL byte is refused here, as
 * is an {@code =} in a variable's name.
 */
public record ProcessRequest(List<String> argv, Map<String, String> environment, Path workingDirectory) {

    public ProcessRequest {
        if (argv == null || argv.isEmpty()) {
            throw new IllegalArgumentException("a process needs at least argv[0], the program");
        }
        argv = List.copyOf(argv);
        for (String arg : argv) {
            refuseNul("an argument", arg);
        }
        if (argv.get(0).isEmpty()) {
            throw new IllegalArgumentException("argv[0], the program, is empty");
        }
        if (environment != null) {
            Map<String, String> copy = new LinkedHashMap<>();
            environment.forEach((name, value) -> {
                if (name == null || name.isEmpty() || name.indexOf('=') >= 0) {
                    throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
                }
                refuseNul("the name of an environment variable", name);
                refuseNul("the value of " + name, value);
                copy.put(name, value);
            });
            environment = copy;
        }
    }

    /** The program: {@code argv[0]}, looked up on {@code PATH} when it has no {@code /}. */
    public String program() {
        return argv.get(0);
    }

    /** The environment the child gets: the given one, or this process's. */
    public Map<String, String> effectiveEnvironment() {
        return environment != null ? environment : System.getenv();
    }

    private static void refuseNul(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL byte: \"" + value.replace("\0", "\\0") + "\"");
        }
    }
}
