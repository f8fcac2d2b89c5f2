package io.torsion.spi;

/** Which throwables user code may raise without ending the reactor thread. */
final class Callbacks {

    private Callbacks() {
    }

    /**
     * True for errors after which the JVM cannot be trusted to go on (out of memory is survivable
     * when the culprit connection is closed, so only internal errors and unknown errors count here).
     */
    static boolean isFatal(Throwable t) {
        return t instanceof InternalError || t instanceof UnknownError || t instanceof ThreadDeath;
    }
}
