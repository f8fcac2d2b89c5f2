package io.torsion.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds reactor backends on the class path and makes reactors from them, by name, as
 * {@code twistd --reactor NAME} does.
 */
public final class Reactors {

    /** The system property that names the default backend. */
    public static final String PROPERTY = "torsion.reactor";

    private static final Logger log = LoggerFactory.getLogger(Reactors.class);

    private Reactors() {
    }

    /**
     * What to add when no backend is on the class path (or module path), in the words a build file
     * uses.
     */
    static final String HOW_TO_ADD = "Add a backend as a runtime dependency: io.torsion:reactor-select"
            + " (runs anywhere) or io.torsion:reactor-epoll (Linux), or both; with several present,"
            + " -D" + PROPERTY + "=NAME picks one.";

    /**
     * Names of the backends that can run here, best first. The epoll backend registers three names:
     * {@code epoll-et} (edge-triggered), {@code epoll-lt} (level-triggered) and {@code epoll}, which
     * means its default mode, edge-triggered: a reactor asked for as {@code epoll} is an
     * {@code epoll-et} reactor and says so in {@link Reactor#name()}. {@link ReactorProvider#description()}
     * says the same for each name.
     *
     * @return the names {@link #create(String)} accepts here
     */
    public static List<String> available() {
        return providers().stream()
                .filter(p -> p.unavailableReason().isEmpty())
                .map(ReactorProvider::name)
                .collect(Collectors.toList());
    }

    /** Every backend found on the class path, best first, available or not. */
    public static List<ReactorProvider> providers() {
        List<ReactorProvider> found = new ArrayList<>();
        ServiceLoader.load(ReactorProvider.class, Reactors.class.getClassLoader()).forEach(found::add);
        found.sort(Comparator.comparingInt(ReactorProvider::priority).reversed()
                .thenComparing(ReactorProvider::name));
        return found;
    }

    /**
     * A new reactor of the named backend.
     *
     * @throws ReactorUnavailableException when no backend has that name or it cannot run here; the
     *     message lists what is available and why the rest are not
     */
    public static Reactor create(String name) {
        return providerFor(name).create();
    }

    /**
     * A new group of {@code loops} reactors of the named backend, not yet running.
     *
     * @param name the backend, as for {@link #create(String)}
     * @param loops how many loops, at least 1
     * @return the group
     * @throws ReactorUnavailableException as {@link #create(String)} does
     * @throws IllegalArgumentException when {@code loops < 1}
     */
    public static ReactorGroup createGroup(String name, int loops) {
        checkLoops(loops);
        ReactorProvider provider = providerFor(name);
        return io.torsion.spi.LoopGroup.create(provider, loops);
    }

    /**
     * A new group of {@code loops} reactors of the backend {@link #createDefault()} would pick.
     *
     * @param loops how many loops, at least 1
     * @return the group
     */
    public static ReactorGroup createDefaultGroup(int loops) {
        checkLoops(loops);
        return io.torsion.spi.LoopGroup.create(defaultProvider(), loops);
    }

    /**
     * A new group of {@link ReactorGroup#DEFAULT_LOOPS} reactors of the default backend.
     *
     * @return the group
     */
    public static ReactorGroup createDefaultGroup() {
        return createDefaultGroup(ReactorGroup.DEFAULT_LOOPS);
    }

    private static void checkLoops(int loops) {
        if (loops < 1) {
            throw new IllegalArgumentException("a reactor group needs at least one loop, not " + loops);
        }
    }

    private static ReactorProvider providerFor(String name) {
        for (ReactorProvider provider : providers()) {
            if (provider.name().equals(name)) {
                Optional<String> reason = provider.unavailableReason();
                if (reason.isPresent()) {
                    throw new ReactorUnavailableException("reactor '" + name + "' cannot run here: "
                            + reason.get() + ". " + describe());
                }
                return provider;
            }
        }
        throw new ReactorUnavailableException("no reactor named '" + name + "'. " + describe());
    }

    /**
     * A new reactor of the backend named by the system property {@value #PROPERTY}, or else of the
     * best backend that can run here. When a better backend is present but cannot run, one WARN line
     * says why.
     */
    public static Reactor createDefault() {
        return defaultProvider().create();
    }

    /** The provider {@link #createDefault()} uses: the property's, or the best that can run here. */
    private static ReactorProvider defaultProvider() {
        String wanted = System.getProperty(PROPERTY);
        if (wanted != null && !wanted.isBlank()) {
            return providerFor(wanted.trim());
        }
        List<ReactorProvider> all = providers();
        for (ReactorProvider provider : all) {
            Optional<String> reason = provider.unavailableReason();
            if (reason.isEmpty()) {
                return provider;
            }
            log.warn("reactor '{}' cannot run here ({}); falling back to the next best", provider.name(), reason.get());
        }
        if (all.isEmpty()) {
            throw new ReactorUnavailableException("no torsion reactor backend was found. " + HOW_TO_ADD);
        }
        throw new ReactorUnavailableException("no reactor can run here. " + describe());
    }

    /**
     * Runs {@code reactor} on the calling thread until it stops, stopping it gracefully when the
     * process gets SIGINT or SIGTERM: listening stops, every connection closes (each protocol hears
     * {@code connectionLost}), every factory hears {@code stopFactory}, and then this method returns,
     * so {@code main} can end with exit status 0. A second signal while stopping ends the process at
     * once. Catches signals from the first call of {@link #trapSignals()} or of this method on. One
     * reactor at a time (a second concurrent call throws {@link IllegalStateException}): a process
     * that runs several stops the others from this one's shutdown triggers.
     *
     * @param reactor a reactor that has not run yet
     * @return true when a signal stopped the reactor, false when something else called {@code stop()}
     */
    public static boolean runUntilSignalled(Reactor reactor) {
        return SignalStop.get().run(reactor.name(), reactor::run, reactor::stop);
    }

    /**
     * As {@link #runUntilSignalled(Reactor)}, for a whole group: a signal stops every loop, and this
     * returns once every loop has finished.
     *
     * @param group a group that has not run yet
     * @return true when a signal stopped the group, false when something else called {@code stop()}
     */
    public static boolean runUntilSignalled(ReactorGroup group) {
        return SignalStop.get().run(group.name() + " group", group::run, group::stop);
    }

    /**
     * Starts catching SIGINT and SIGTERM now, before a reactor runs: a signal that arrives during a
     * slow start (loading native code, opening files) is remembered, and the next
     * {@link #runUntilSignalled} stops its reactor as soon as it started, instead of the JVM exiting
     * with status 130 or 143 halfway. Call it first thing in {@code main}; calling it again does nothing.
     */
    public static void trapSignals() {
        SignalStop.get().trap();
    }

    /**
     * One sentence naming what is available and why the rest are not; when nothing is available,
     * a second saying which artifacts to add.
     */
    static String describe() {
        Map<String, String> unavailable = new LinkedHashMap<>();
        List<String> ok = new ArrayList<>();
        List<ReactorProvider> all = providers();
        for (ReactorProvider provider : all) {
            provider.unavailableReason().ifPresentOrElse(
                    why -> unavailable.put(provider.name(), why), () -> ok.add(provider.name()));
        }
        StringBuilder text = new StringBuilder("Available: ")
                .append(ok.isEmpty() ? "none" : String.join(", ", ok));
        unavailable.forEach((name, why) -> text.append("; ").append(name).append(" unavailable: ").append(why));
        text.append('.');
        if (ok.isEmpty()) {
            text.append(all.isEmpty() ? " No backend was found. " : " ").append(HOW_TO_ADD);
        }
        return text.toString();
    }
}
