package io.torsion.spi;

import io.torsion.api.ExitStatus;
import io.torsion.api.ProcessExitedAlready;
import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessSignal;
import io.torsion.api.ProcessTransport;
import java.io.IOException;
import java.util.Map;

/**
 * Starting a child with {@link ProcessBuilder}, for backends that cannot watch pipes (select): a
 * helper thread per pipe ({@link ThreadedInput}, {@link ThreadedOutput}) and the JDK's own reaper
 * ({@link Process#onExit()}) for the exit, each handing over to the reactor with
 * {@code callFromThread}.
 *
 * <p>What the JDK hides: it reports a child killed by signal N as exit value 128+N, so a value
 * from 129 to 192 is taken for a signal (a child that really exits with such a code is reported as
 * killed); and it can send only SIGTERM ({@link Process#destroy()}) and SIGKILL
 * ({@link Process#destroyForcibly()}).
 */
public final class ThreadedLauncher implements ProcessLauncher {

    /** Exit values the JDK makes of signals: 128 + the signal number, for signals 1 to 64. */
    private static final int SIGNAL_BASE = 128;
    private static final int MAX_SIGNAL = 64;

    private final EventLoop loop;

    public ThreadedLauncher(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public ProcessTransport launch(ProcessRequest request, ProcessProtocol protocol) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(request.argv());
        if (request.environment() != null) {
            Map<String, String> env = builder.environment();
            env.clear();
            env.putAll(request.environment());
        }
        if (request.workingDirectory() != null) {
            builder.directory(request.workingDirectory().toFile());
        }
        Process process = builder.start();
        long pid = process.pid();
        String prefix = "torsion-" + loop.name() + "-child-" + pid + "-";
        ChildProcess child = ChildProcess.start(loop, pid, protocol, number -> signal(process, number),
                new ThreadedOutput(loop, process.getOutputStream(), new PipeAddress(pid, 0), prefix + "stdin"),
                new ThreadedInput(loop, process.getInputStream(), new PipeAddress(pid, 1), prefix + "stdout"),
                new ThreadedInput(loop, process.getErrorStream(), new PipeAddress(pid, 2), prefix + "stderr"));
        process.onExit().thenAccept(p -> loop.callFromThread(() -> child.exited(status(p.exitValue()))));
        return child;
    }

    /** The JDK's exit value as an exit status (see the class comment for what it cannot tell apart). */
    static ExitStatus status(int exitValue) {
        if (exitValue > SIGNAL_BASE && exitValue <= SIGNAL_BASE + MAX_SIGNAL) {
            return new ExitStatus.Killed(exitValue - SIGNAL_BASE);
        }
        return new ExitStatus.Exited(exitValue);
    }

    private static void signal(Process process, int number) {
        if (!process.isAlive()) {
            throw new ProcessExitedAlready(process.pid());
        }
        if (number == ProcessSignal.TERM.number()) {
            process.destroy();
        } else if (number == ProcessSignal.KILL.number()) {
            process.destroyForcibly();
        } else {
            throw new UnsupportedOperationException("with ProcessBuilder only TERM and KILL can be sent, not signal " + number);
        }
    }
}
