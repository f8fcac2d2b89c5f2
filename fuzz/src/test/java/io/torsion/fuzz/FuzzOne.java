package io.torsion.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs one fuzz test, named {@code package.Class#method}, in this JVM: what {@code fuzz/run} starts
 * once per target so that several fuzz at once, each in its own process. With {@code JAZZER_FUZZ=1}
 * it fuzzes for {@code -Djazzer.max_duration}; without, it replays the saved corpus. Exits 1 on a
 * finding or failure.
 */
public final class FuzzOne {

    private FuzzOne() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        if (args.length != 1 || !args[0].contains("#")) {
            System.err.println("usage: FuzzOne package.Class#method");
            System.exit(2);
        }
        String[] name = args[0].split("#", 2);
        Class<?> target = Class.forName(name[0]);
        Method method = Arrays.stream(target.getDeclaredMethods())
                .filter(m -> m.getName().equals(name[1]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(target, method))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        TestExecutionSummary result = summary.getSummary();
        result.printTo(new PrintWriter(System.out, true));
        result.printFailuresTo(new PrintWriter(System.out, true), 50);
        boolean ok = result.getTotalFailureCount() == 0 && result.getTestsSucceededCount() > 0;
        System.exit(ok ? 0 : 1);
    }
}
