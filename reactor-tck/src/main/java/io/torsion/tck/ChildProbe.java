package io.torsion.tck;

import io.torsion.api.ExitStatus;
import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessTransport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process protocol that records what the reactor does to it and checks the order
 * {@link ProcessProtocol} promises: everything on the reactor thread; each stream's data before its
 * {@code childConnectionLost}, which comes once; {@code processExited} once and before
 * {@code processEnded}, which comes once and last. Breaks go to the kit and fail the test.
 */
class ChildProbe extends ProcessProtocol {

    final Kit kit;
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicLong stdoutBytes = new AtomicLong();
    private final boolean keep;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final boolean[] lost = new boolean[3];
    volatile boolean pausedByTest;
    volatile ExitStatus exited;
    volatile ExitStatus ended;
    /** Bytes of stdout received when processEnded came. */
    volatile long stdoutAtEnd = -1;

    ChildProbe(Kit kit, boolean keep) {
        this.kit = kit;
        this.keep = keep;
    }

    ProcessTransport transport() {
        return transport;
    }

    @Override
    public void connectionMade() {
        check("connectionMade");
        events.add("made");
    }

    @Override
    public void childDataReceived(int fd, ByteBuffer data) {
        check("childDataReceived");
        if (fd != 1 && fd != 2) {
            kit.violation("childDataReceived from fd " + fd);
            return;
        }
        if (lost[fd] || ended != null) {
            kit.violation("data on fd " + fd + " after its childConnectionLost or processEnded");
        }
        if (pausedByTest) {
            kit.violation("data on fd " + fd + " while the test had paused the transport");
        }
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        if (fd == 1) {
            stdoutBytes.addAndGet(bytes.length);
        }
        if (keep || fd == 2) {
            ByteArrayOutputStream sink = fd == 1 ? stdout : stderr;
            synchronized (sink) {
                sink.write(bytes, 0, bytes.length);
            }
        }
        received(fd, bytes);
    }

    /** Behaviour on data, after it was recorded. */
    void received(int fd, byte[] bytes) {
    }

    @Override
    public void childConnectionLost(int fd) {
        check("childConnectionLost");
        if (lost[fd]) {
            kit.violation("childConnectionLost(" + fd + ") twice");
        }
        lost[fd] = true;
        events.add("lost " + fd);
    }

    @Override
    public void processExited(ExitStatus status) {
        check("processExited");
        if (exited != null || ended != null) {
            kit.violation("processExited again or after processEnded");
        }
        exited = status;
        events.add("exited");
    }

    @Override
    public void processEnded(ExitStatus status) {
        check("processEnded");
        if (ended != null) {
            kit.violation("processEnded twice");
        }
        if (exited == null || !lost[0] || !lost[1] || !lost[2]) {
            kit.violation("processEnded before processExited or before every stream ended: " + events);
        }
        stdoutAtEnd = stdoutBytes.get();
        ended = status;
        events.add("ended");
    }

    byte[] stdout() {
        synchronized (stdout) {
            return stdout.toByteArray();
        }
    }

    String stdoutText() {
        return new String(stdout(), StandardCharsets.UTF_8);
    }

    String stderrText() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits for processEnded and returns its status. */
    ExitStatus awaitEnded() {
        Await.await("processEnded (events so far: " + events + ")", () -> ended != null);
        return ended;
    }

    private void check(String callback) {
        if (!kit.onReactorThread()) {
            kit.violation(callback + " off the reactor thread: " + Thread.currentThread().getName());
        }
    }
}
