package io.torsion.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The long soak: every app on every backend (or those named), K at a time, then the report. */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Runs bundled servers under a mix of well-behaved and abusive clients and checks they come back.")
public final class Soak implements Callable<Integer> {

    @Option(names = "--apps", split = ",", defaultValue = "echo,chat,chatroom,log,udpecho",
            description = "Apps to soak (default: ${DEFAULT-VALUE}).")
    List<String> apps;

    @Option(names = "--backends", split = ",", defaultValue = "select,epoll-lt,epoll-et",
            description = "Backends to soak each app on (default: ${DEFAULT-VALUE}).")
    List<String> backends;

    @Option(names = "--duration", defaultValue = "10m", converter = Durations.class,
            description = "Load time of each app and backend, after the warm-up (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "60s", converter = Durations.class,
            description = "Warm-up before the baseline is read (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--parallel", defaultValue = "1", description = "Soaks run at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--jar", defaultValue = "apps/target/torsion.jar", description = "The launcher under test.")
    Path jar;

    @Option(names = "--out", defaultValue = "soak/target/soak", description = "Where REPORT.md, report.svg and the logs go.")
    Path out;

    @Option(names = "--note", defaultValue = "", description = "A sentence for the report (for example what else ran).")
    String note;

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.long_(jar.toAbsolutePath(), duration).withWarmup(warmup);
        List<Result> results = runAll(apps, backends, settings, out, parallel);
        Report.write(results, settings, parallel, note, out);
        long failed = results.stream().filter(r -> !r.passed()).count();
        System.out.println("soak: " + (results.size() - failed) + " passed, " + failed + " failed; report in "
                + out.resolve("REPORT.md"));
        return failed == 0 ? 0 : 1;
    }

    /** Every app on every backend, {@code parallel} at a time, in the order given. */
    static List<Result> runAll(List<String> apps, List<String> backends, Settings settings, Path out, int parallel)
            throws Exception {
        List<String[]> plan = new ArrayList<>();
        for (String app : apps) {
            for (String backend : backends) {
                plan.add(new String[] {app, backend});
            }
        }
        return run(plan, settings, out, parallel);
    }

    /** The given app and backend pairs, {@code parallel} at a time. */
    static List<Result> run(List<String[]> plan, Settings settings, Path out, int parallel) throws Exception {
        Files.createDirectories(out);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (String[] pair : plan) {
                futures.add(pool.submit(() -> {
                    log("start " + pair[0] + " on " + pair[1]);
                    Result r = runOne(pair[0], pair[1], settings, out.resolve(pair[0] + "-" + pair[1]));
                    log((r.passed() ? "passed " : "FAILED ") + r.name() + (r.passed() ? "" : ": " + r.failures()));
                    return r;
                }));
            }
            List<Result> results = new ArrayList<>();
            for (Future<Result> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result runOne(String app, String backend, Settings settings, Path dir) {
        try {
            return new SoakRun(AppDriver.named(app), backend, settings, dir).run();
        } catch (Exception e) {
            return new Result(app, backend, List.of("the soak could not run: " + ClientLoop.describe(e)), null, null, null,
                    List.of(), java.util.Map.of(), new Result.Probes(0, 0, 0, 0), 0, 0, 0, SoakRun.loadAverages(), "", "not read");
        }
    }

    private static void log(String line) {
        System.err.printf("[soak %tT] %s%n", System.currentTimeMillis(), line);
    }

    /** {@code 90s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
    static final class Durations implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            long n = Long.parseLong(text.substring(0, text.length() - 1));
            return switch (text.charAt(text.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new CommandLine.TypeConversionException("a duration is a number and s, m or h: " + text);
            };
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Soak()).execute(args));
    }
}
