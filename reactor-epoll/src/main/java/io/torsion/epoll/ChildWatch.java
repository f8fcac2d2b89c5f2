package io.torsion.epoll;

import io.torsion.api.ExitStatus;
import io.torsion.api.ProcessExitedAlready;
import io.torsion.epoll.nativeio.EpollFlags;
import io.torsion.epoll.nativeio.PidFd;
import io.torsion.spi.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears of one child's exit without blocking the loop: its pidfd, watched by epoll (level-triggered
 * in both modes: it is reported once and then closed), becomes readable when the child exits; then
 * {@code waitpid} for that pid alone reaps it without waiting, and the status goes to the
 * {@link ChildProcess}. Signals go through the same pidfd, so they can never reach a later process
 * that was given the same pid. Owns the pidfd and closes it once, when the child is reaped or the
 * reactor releases what is left at shutdown.
 */
final class ChildWatch implements EpollHandler {

    private static final Logger log = LoggerFactory.getLogger(ChildWatch.class);

    private final PidFd pidfd;
    private final EpollRegistration registration;
    private ChildProcess child;

    private ChildWatch(EpollReactor reactor, PidFd pidfd) {
        this.pidfd = pidfd;
        this.registration = reactor.newRegistration(pidfd.intValue(), this);
    }

    /** Opens child {@code pid}'s pidfd and watches it; nothing is left open when this throws. */
    static ChildWatch open(EpollReactor reactor, long pid) throws IOException {
        ChildWatch watch = new ChildWatch(reactor, PidFd.open(pid));
        try {
            if (!watch.registration.watch(EpollFlags.EPOLLIN)) {
                throw new IOException("epoll refused to watch the pidfd of child " + pid);
            }
        } catch (IOException | RuntimeException e) {
            watch.release();
            throw e;
        }
        return watch;
    }

    /** Where the exit goes; set before the loop next polls. */
    void reportTo(ChildProcess process) {
        this.child = process;
    }

    @Override
    public void onEvents(int events) {
        ExitStatus status;
        try {
            status = pidfd.reap();
        } catch (IOException e) {
            // ECHILD: someone else reaped it (a SIGCHLD set to SIG_IGN, a waitpid(-1) elsewhere); the status is lost.
            log.error("child {}: cannot reap it; its exit status is lost", pidfd.pid(), e);
            release();
            return;
        }
        if (status != null) {
            release();
            child.exited(status);
        }
    }

    /** Sends signal {@code number} through the pidfd. */
    void signal(int number) {
        if (!pidfd.isOpen()) {
            throw new ProcessExitedAlready(pidfd.pid());
        }
        try {
            if (!pidfd.sendSignal(number)) {
                throw new ProcessExitedAlready(pidfd.pid());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void release() {
        if (pidfd.isOpen()) {
            registration.forgetBeforeClose();
            pidfd.close();
        }
    }

    @Override
    public String toString() {
        return "ChildWatch[" + pidfd + ", pid " + pidfd.pid() + "]";
    }
}
