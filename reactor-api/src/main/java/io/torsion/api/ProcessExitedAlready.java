package io.torsion.api;

/** A signal was sent to a child process that has already exited, as Twisted's exception of that name. */
public final class ProcessExitedAlready extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ProcessExitedAlready(long pid) {
        super("process " + pid + " has already exited");
    }
}
