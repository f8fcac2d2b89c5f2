package io.torsion.epoll;

import io.torsion.epoll.nativeio.Fd;
import io.torsion.spi.Handle;
import io.torsion.spi.ReadinessHandler;
import io.torsion.spi.Registrar;
import java.io.IOException;

/**
 * Our end of a byte stream on epoll, a connected socket ({@link EpollStream}) or a pipe to a child
 * ({@link EpollPipe}), as its own registrar: one registration in the reactor's trigger mode, reads
 * through an {@link EdgeTriggeredReader}, and the descriptor, owned from construction and released
 * at shutdown. What the end watches for and how its events become readiness is the subclass's.
 */
abstract sealed class EpollStreamEnd implements Handle, Registrar, EpollHandler permits EpollStream, EpollPipe {

    final EpollReactor reactor;
    final EpollRegistration registration;
    final EdgeTriggeredReader reader;
    ReadinessHandler handler;
    private final Fd fd;

    EpollStreamEnd(EpollReactor reactor, Fd fd) {
        this.reactor = reactor;
        this.fd = fd;
        this.registration = reactor.newRegistration(fd.intValue(), this);
        this.reader = new EdgeTriggeredReader(reactor, this);
    }

    @Override
    public final Registrar register(ReadinessHandler readiness) {
        this.handler = readiness;
        reader.reportTo(readiness);
        return this;
    }

    /** Watches for {@code events} in the reactor's trigger mode, or for nothing when 0; a failure goes to the handler. */
    final void watchEvents(int events) {
        try {
            registration.watch(events == 0 ? 0 : events | reactor.mode().epollFlags());
        } catch (IOException e) {
            handler.onError(e);
        }
    }

    /**
     * What the shared logic reads for a native read's result {@code n}: the count, 0 for nothing to
     * read now (the native layer's WOULD_BLOCK, its only negative result), -1 at the end of the stream
     * (the native 0).
     */
    static int readCount(int n) {
        if (n < 0) {
            return 0;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    public final boolean continueReady() {
        return reader.continueReady();
    }

    @Override
    public final void cancel() {
        registration.forgetBeforeClose();
    }

    @Override
    public final void close() {
        fd.close();
    }

    @Override
    public final void release() {
        if (fd.isOpen()) {
            registration.forgetBeforeClose();
            fd.close();
        }
    }
}
