package io.torsion.epoll;

import io.torsion.api.ProcessProtocol;
import io.torsion.api.ProcessTransport;
import io.torsion.epoll.nativeio.NativePipe;
import io.torsion.epoll.nativeio.PidFd;
import io.torsion.epoll.nativeio.Spawn;
import io.torsion.spi.ChildProcess;
import io.torsion.spi.PipeAddress;
import io.torsion.spi.ProcessLauncher;
import io.torsion.spi.ProcessRequest;
import java.io.IOException;

/**
 * Starting a child natively: three pipes, {@code posix_spawnp} onto them, our ends watched by epoll
 * as streams ({@link EpollPipe}) and the exit heard through a pidfd ({@link ChildWatch}). No thread.
 *
 * <p>Ownership: the launcher owns every descriptor it made until it hands it on; the child's ends
 * are closed here as soon as the child has its copies (or the spawn failed), ours pass to their
 * {@link EpollPipe}s and the pidfd to its {@link ChildWatch}; whatever was not handed on when
 * something fails is closed before the exception leaves.
 */
final class EpollLauncher implements ProcessLauncher {

    private static final int READ = 0;
    private static final int WRITE = 1;

    private final EpollReactor reactor;

    EpollLauncher(EpollReactor reactor) {
        this.reactor = reactor;
    }

    @Override
    public ProcessTransport launch(ProcessRequest request, ProcessProtocol protocol) throws IOException {
        NativePipe[][] pipes = new NativePipe[3][];
        long pid;
        try {
            for (int fd = 0; fd < 3; fd++) {
                pipes[fd] = NativePipe.open();
            }
            // Ours non-blocking before the child exists; its ends are separate open files and stay blocking.
            pipes[0][WRITE].setNonBlocking();
            pipes[1][READ].setNonBlocking();
            pipes[2][READ].setNonBlocking();
            String directory = request.workingDirectory() == null ? null : request.workingDirectory().toString();
            pid = Spawn.spawn(request.argv(), request.effectiveEnvironment(), directory,
                    pipes[0][READ].intValue(), pipes[1][WRITE].intValue(), pipes[2][WRITE].intValue());
        } catch (IOException | RuntimeException e) {
            closeAll(pipes);
            throw e;
        } finally {
            closeChildEnds(pipes); // the child has its own copies now
        }
        ChildWatch watch;
        try {
            watch = ChildWatch.open(reactor, pid);
        } catch (IOException e) {
            closeAll(pipes);
            PidFd.killAndReap(pid); // a child we could never hear of must not run on unwatched
            throw e;
        }
        ChildProcess child = ChildProcess.start(reactor, pid, protocol, watch::signal,
                new EpollPipe(reactor, pipes[0][WRITE], false, new PipeAddress(pid, 0)),
                new EpollPipe(reactor, pipes[1][READ], true, new PipeAddress(pid, 1)),
                new EpollPipe(reactor, pipes[2][READ], true, new PipeAddress(pid, 2)));
        watch.reportTo(child); // events come only from the next poll on
        return child;
    }

    private static void closeChildEnds(NativePipe[][] pipes) {
        close(pipes[0], READ);
        close(pipes[1], WRITE);
        close(pipes[2], WRITE);
    }

    private static void closeAll(NativePipe[][] pipes) {
        for (NativePipe[] pipe : pipes) {
            close(pipe, READ);
            close(pipe, WRITE);
        }
    }

    private static void close(NativePipe[] pipe, int end) {
        if (pipe != null) {
            pipe[end].close(); // idempotent
        }
    }
}
