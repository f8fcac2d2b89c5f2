package io.torsion.api;

/**
 * Why a connection closed, as handed to {@link Protocol#connectionLost}. The kinds are closed:
 * a switch over them needs no default branch.
 *
 * <ul>
 *   <li>{@link ConnectionDone}: a clean close, by either side;</li>
 *   <li>{@link ConnectionLost}: an error (reset by peer, a failed write, an exception in a
 *       callback), carried as the cause;</li>
 *   <li>{@link ConnectionAborted}: this side called {@link Transport#abortConnection()};</li>
 *   <li>{@link ConnectionTimedOut}: the idle timeout expired.</li>
 * </ul>
 *
 * <p>Reasons are values, not failures to be thrown: they carry no stack trace.
 */
public abstract sealed class ConnectionClosed extends Exception
        permits ConnectionDone, ConnectionLost, ConnectionAborted, ConnectionTimedOut {

    private static final long serialVersionUID = 1L;

    ConnectionClosed(String message, Throwable cause) {
        super(message, cause, false, false);
    }

    /** True for {@link ConnectionDone}: nobody did anything wrong. */
    public boolean isClean() {
        return this instanceof ConnectionDone;
    }
}
