package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundled server run by the launcher as a child process with {@code --loops N}, where the group
 * spreads the connections over the loops. Closing it sends SIGTERM and checks it exits with 0.
 */
final class LaunchedLoops implements Loops {

    private final Child child;
    private final int port;

    private LaunchedLoops(Child child, int port) {
        this.child = child;
        this.port = port;
    }

    /** {@code app} on {@code loops} loops of {@code backend}, on a free port, with {@code options} of its own. */
    static LaunchedLoops start(Path dir, String app, String backend, int loops, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of(app, "--port", "0", "--reactor", backend,
                "--loops", Integer.toString(loops)));
        args.addAll(List.of(options));
        Child child = Child.start(dir, args.toArray(String[]::new));
        try {
            return new LaunchedLoops(child, LauncherTest.readyPort(child, app, backend, loops));
        } catch (Exception | Error e) {
            child.close();
            throw e;
        }
    }

    @Override
    public WireClient connect(int i) throws Exception {
        return WireClient.connect(port);
    }

    @Override
    public void close() throws Exception {
        try {
            child.terminate();
            assertEquals(0, child.exitCode(), child.stderr());
        } finally {
            child.close();
        }
    }
}
