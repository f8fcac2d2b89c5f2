package io.torsion.api;

/** Thrown by {@link Reactors} when the backend asked for is unknown or cannot run here. */
public final class ReactorUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReactorUnavailableException(String message) {
        super(message);
    }
}
