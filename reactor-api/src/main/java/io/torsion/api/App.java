package io.torsion.api;

import java.util.List;
import java.util.Map;

/**
 * A server the {@code torsion} launcher runs by name, beside its bundled apps, as {@code twistd}
 * runs plugins: {@code torsion NAME --listen tcp:PORT [--reactor NAME] [--OPTION VALUE ...]}. The
 * launcher lists every app it finds in {@code torsion --help}.
 *
 * <p>Register one with {@link java.util.ServiceLoader}: a line naming the class in
 * {@code META-INF/services/io.torsion.api.App}, or {@code provides io.torsion.api.App with ...} in
 * a module. The class needs a public no-argument constructor.
 */
public interface App {

    /**
     * The name on the command line.
     *
     * @return lower-case letters, digits and dashes, unlike any bundled app's name
     */
    String name();

    /**
     * What the app does, for {@code torsion --help}.
     *
     * @return one short line
     */
    String description();

    /**
     * The options the app takes besides {@code --listen} and {@code --reactor}.
     *
     * @return each option as {@code --NAME VALUE}; none by default
     */
    default List<Option> options() {
        return List.of();
    }

    /**
     * The factory to serve with.
     *
     * @param options every option of {@link #options()} by name, with its default where the command
     *     line did not give one
     * @return a factory, used for every connection the launcher accepts; with {@code --loops N}
     *     above 1, on every loop, so it must then be thread-safe ({@link GroupFactory#shared})
     * @throws IllegalArgumentException when an option's value is unusable; the launcher prints the
     *     message and exits with status 2
     */
    Factory factory(Map<String, String> options);

    /**
     * One {@code --NAME VALUE} option.
     *
     * @param name the option's name without the dashes
     * @param description one line for the help text
     * @param defaultValue the value when the command line gives none
     */
    record Option(String name, String description, String defaultValue) {
    }
}
