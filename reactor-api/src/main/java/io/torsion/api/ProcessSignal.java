package io.torsion.api;

import java.util.Optional;

/**
 * The signals {@link ProcessTransport#signalProcess} knows by name, with their Linux numbers
 * ({@code <asm-generic/signal.h>}; x86-64 and aarch64 share them). Twisted takes the same names
 * as strings ({@code "TERM"}, {@code "KILL"}).
 */
public enum ProcessSignal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), PIPE(13), ALRM(14), TERM(15), CONT(18), STOP(19);

    private final int number;

    ProcessSignal(int number) {
        this.number = number;
    }

    /** The signal's number on Linux. */
    public int number() {
        return number;
    }

    /** The signal with number {@code number}, if it is one of these. */
    public static Optional<ProcessSignal> ofNumber(int number) {
        for (ProcessSignal s : values()) {
            if (s.number == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
