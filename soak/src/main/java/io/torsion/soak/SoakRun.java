package io.torsion.soak;

import io.torsion.api.testing.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One soak of one app on one backend: start the server as a child of torsion.jar, warm it up with
 * the client mix, read the baseline once it is idle, run the mix for the load time with the health
 * probe and the figures sampled throughout, stop, wait for the figures to come back, stop the
 * server (SIGTERM, exit 0) and run the app's own checks.
 */
final class SoakRun {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private final AppDriver driver;
    private final String backend;
    private final Settings settings;
    private final Path dir;
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> probeMillis = Collections.synchronizedList(new ArrayList<>());
    private volatile Sample.Phase phase = Sample.Phase.WARMUP;
    private volatile boolean probing;
    private volatile boolean heapDue;
    private volatile int probeFailures;
    private long startNanos;
    private Map<String, Integer> baselineDescriptors = Map.of();
    private String nativeGrowth = "";
    /** What the last native-heap trim released, as jcmd said it ({@code RSS+Swap: 250M->221M (-29M)}). */
    private String lastTrim = "";
    private String baselineTrim = "";

    SoakRun(AppDriver driver, String backend, Settings settings, Path dir) {
        this.driver = driver;
        this.backend = backend;
        this.settings = settings;
        this.dir = dir;
    }

    private long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    Result run() throws Exception {
        Files.createDirectories(dir);
        Path socketDir = Files.createTempDirectory("torsion-soak");
        TestCertificates certs = TestCertificates.get();
        AppDriver.Workspace work = new AppDriver.Workspace(dir, socketDir, certs.serverKey(), certs.serverChain(),
                certs.caCertificate());
        String loadAtStart = loadAverages();
        startNanos = System.nanoTime();
        List<String> args = new ArrayList<>(List.of(driver.app(), "--reactor", backend));
        args.addAll(driver.serverArgs(work));
        Tally tally = new Tally();
        Figures baseline = null;
        Figures end = null;
        long loadStart = 0;
        long loadEnd = 0;
        try (ServerProcess server = ServerProcess.start(settings.jar(), settings.serverJvmOptions(), args, dir.resolve("server.err"));
             Watchdog watchdog = new Watchdog(driver.app() + "-" + backend)) {
            Rig rig = new Rig(driver.addresses(server.addresses(), work), watchdog, tally, settings.answerBound(),
                    Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36), settings.jar(), work);
            Thread sampler = daemon("sampler", () -> sample(server));
            Thread prober = daemon("prober", () -> probe(server, rig));
            sampler.start();
            prober.start();

            probing = true;
            if (!load(server, rig, settings.warmup())) {
                return result(tally, baseline, end, loadStart, loadEnd, loadAtStart);
            }
            probing = false;
            phase = Sample.Phase.BASELINE;
            baseline = idleFigures(server);
            baselineTrim = lastTrim;
            baselineDescriptors = Figures.descriptorKinds(server.pid());
            Figures.jcmd(server.pid(), "VM.native_memory", "baseline");
            samples.add(new Sample(phase, baseline, loadAverage()));

            phase = Sample.Phase.LOAD;
            probing = true;
            loadStart = now();
            boolean survived = load(server, rig, settings.load());
            loadEnd = now();
            probing = false;
            if (!survived) {
                return result(tally, baseline, end, loadStart, loadEnd, loadAtStart);
            }
            phase = Sample.Phase.SETTLE;
            end = settle(server, baseline);
            String diff = Figures.jcmd(server.pid(), "VM.native_memory", "summary.diff");
            if (diff != null) {
                Files.writeString(dir.resolve("native-memory-diff.txt"), diff, StandardCharsets.UTF_8);
            }
            nativeGrowth = Figures.nativeGrowth(diff);
            if (failures.stream().anyMatch(f -> f.contains(": RSS "))) {
                failures.add("native memory committed since the baseline (NMT): " + nativeGrowth);
            }
            try {
                driver.probe(rig);
            } catch (Exception e) {
                failures.add("the health probe after the load failed: " + ClientLoop.describe(e));
            }
            sampler.interrupt();
            prober.interrupt();
            sampler.join(60_000);
            prober.join(60_000);
            int status = server.stop(30);
            if (status != 0) {
                failures.add("the server exited " + status + " on SIGTERM, not 0");
            }
            failures.addAll(driver.finalChecks(rig, work));
        } finally {
            deleteTree(socketDir);
        }
        return result(tally, baseline, end, loadStart, loadEnd, loadAtStart);
    }

    /** Runs the client mix for {@code time}; false when the server died meanwhile. */
    private boolean load(ServerProcess server, Rig rig, Duration time) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        rig.running(true);
        for (ClientKind kind : driver.clients()) {
            if (settings.avoidOpenFindings() && Settings.OPEN_FINDINGS.contains(kind.name())) {
                continue;
            }
            for (int i = 0; i < kind.copies(); i++) {
                Thread thread = daemon(kind.name() + "-" + i, new ClientLoop(kind, rig));
                threads.add(thread);
                thread.start();
            }
        }
        long until = System.nanoTime() + time.toNanos();
        while (System.nanoTime() < until && server.alive()) {
            Thread.sleep(Math.min(1000, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
        }
        rig.running(false);
        // Every iteration is bounded by its deadlines: each loop ends within a couple of bounds.
        long joinBy = System.nanoTime() + settings.answerBound().multipliedBy(6).toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                failures.add("client " + thread.getName() + " did not finish its iteration after the load stopped");
            }
        }
        if (!server.alive()) {
            failures.add("the server died under load, exit status " + server.exitStatus() + ": "
                    + ServerProcess.lastLines(server.stderr()));
            return false;
        }
        return true;
    }

    /** Figures once every connection of the warm-up has gone: the descriptor count steady for three readings. */
    private Figures idleFigures(ServerProcess server) throws Exception {
        long until = System.nanoTime() + settings.settleTimeout().toNanos();
        int steady = 0;
        int last = -1;
        while (steady < 3 && System.nanoTime() < until) {
            int fds = Figures.of(server.pid(), now(), false).fds();
            steady = fds == last ? steady + 1 : 0;
            last = fds;
            Thread.sleep(500);   // between readings of a count that is expected to stay put
        }
        return figuresWithHeap(server);
    }

    /**
     * Every figure, the live heap first: jcmd's first attach starts the JVM's attach listener (a
     * thread and a socket that stay), which must be counted in the baseline as at the end.
     */
    private Figures figuresWithHeap(ServerProcess server) throws Exception {
        long heap = Figures.liveHeapKiB(server.pid());
        // The full GC just ran the cleaners of dead direct buffers; what glibc keeps of the memory
        // they freed is not the server's growth, so hand it back before reading RSS, every time.
        lastTrim = Figures.trimNativeHeap(server.pid());
        return Figures.of(server.pid(), now(), false).withHeap(heap);
    }

    /** Reads the figures until all are back within the margins of the baseline, or the settle time runs out. */
    private Figures settle(ServerProcess server, Figures baseline) throws Exception {
        long until = System.nanoTime() + settings.settleTimeout().toNanos();
        Figures now;
        List<String> off;
        do {
            now = figuresWithHeap(server);
            samples.add(new Sample(Sample.Phase.SETTLE, now, loadAverage()));
            off = settings.margins().notBack(baseline, now);
            if (off.isEmpty()) {
                return now;
            }
            Thread.sleep(1000);   // between readings while the server gives back what it held
        } while (System.nanoTime() < until);
        String extra = Figures.beyond(baselineDescriptors, Figures.descriptorKinds(server.pid()));
        if (!extra.isEmpty()) {
            failures.add("descriptors held beyond the baseline: " + extra);
        }
        for (String figure : off) {
            failures.add("not back " + settings.settleTimeout().toSeconds() + " s after the load: " + figure);
        }
        return now;
    }

    private void sample(ServerProcess server) {
        long nextHeap = System.nanoTime() + settings.heapEvery().toNanos();
        try {
            while (server.alive()) {
                Sample.Phase at = phase;
                if (at == Sample.Phase.WARMUP || at == Sample.Phase.LOAD) {
                    boolean withHeap = at == Sample.Phase.LOAD && System.nanoTime() > nextHeap;
                    if (withHeap) {
                        nextHeap = System.nanoTime() + settings.heapEvery().toNanos();
                    }
                    samples.add(new Sample(at, Figures.of(server.pid(), now(), withHeap), loadAverage()));
                }
                Thread.sleep(SAMPLE_EVERY.toMillis());   // the sampling period
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the process went away between two readings: load() reports it
        }
    }

    private void probe(ServerProcess server, Rig rig) {
        try {
            while (server.alive()) {
                if (probing) {
                    long start = System.nanoTime();
                    try {
                        driver.probe(rig);
                        long millis = (System.nanoTime() - start) / 1_000_000;
                        probeMillis.add(millis);
                    } catch (Exception e) {
                        if (probing && server.alive()) {
                            probeFailures++;
                            failures.add(String.format(Locale.ROOT, "health probe at %.1f s (%s): %s", now() / 1000.0,
                                    phase.name().toLowerCase(Locale.ROOT), ClientLoop.describe(e)));
                        }
                    }
                }
                Thread.sleep(settings.probeEvery().toMillis());   // the probing period
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Result result(Tally tally, Figures baseline, Figures end, long loadStart, long loadEnd, String loadAtStart)
            throws IOException {
        List<String> all = new ArrayList<>(failures);
        all.addAll(tally.violations().stream().map(v -> "well-behaved client: " + v).toList());
        int warnings = 0;
        Path stderr = dir.resolve("server.err");
        if (Files.exists(stderr)) {
            List<String> errors = new ArrayList<>();
            try (var lines = Files.lines(stderr, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.contains("WARN")) {
                        warnings++;
                    }
                    if (line.contains("ERROR") || line.contains("Exception") || line.contains("Error:")) {
                        errors.add(line);
                    }
                }
            }
            errors.stream().limit(5).forEach(line -> all.add("the server's standard error: " + line));
            if (errors.size() > 5) {
                all.add((errors.size() - 5) + " more error lines in " + stderr);
            }
        }
        List<Sample> copy;
        synchronized (samples) {
            copy = new ArrayList<>(samples);
        }
        copy.sort((a, b) -> Long.compare(a.figures().atMillis(), b.figures().atMillis()));
        Figures peak = peak(copy);
        return new Result(driver.app(), backend, all, baseline, peak, end, copy, tally.counters(), probes(),
                loadStart, loadEnd, warnings, loadAtStart + " → " + loadAverages(), nativeGrowth,
                "at the baseline " + orNone(baselineTrim) + ", at the end " + orNone(lastTrim));
    }

    private static Figures peak(List<Sample> samples) {
        int fds = -1;
        int threads = -1;
        long rss = -1;
        long heap = -1;
        for (Sample s : samples) {
            Figures f = s.figures();
            fds = Math.max(fds, f.fds());
            threads = Math.max(threads, f.threads());
            rss = Math.max(rss, f.rssKiB());
            heap = Math.max(heap, f.liveHeapKiB());
        }
        return new Figures(0, fds, threads, rss, heap);
    }

    private Result.Probes probes() {
        List<Long> sorted;
        synchronized (probeMillis) {
            sorted = new ArrayList<>(probeMillis);
        }
        Collections.sort(sorted);
        long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        long p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
        return new Result.Probes(sorted.size() + probeFailures, probeFailures, max, p99);
    }

    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static String loadAverages() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String orNone(String trim) {
        return trim.isEmpty() ? "not read" : trim;
    }
}
