package io.torsion.api;

/**
 * How a child process ended: it exited with a code, or a signal killed it. A value; compare with
 * {@code equals} ({@code new ExitStatus.Exited(0)}).
 */
public sealed interface ExitStatus {

    /** True for an exit with code 0, as Twisted's {@code ProcessDone}; anything else is its {@code ProcessTerminated}. */
    boolean success();

    /** The child called {@code exit(code)} (or returned {@code code} from {@code main}); 0 to 255. */
    record Exited(int code) implements ExitStatus {
        @Override
        public boolean success() {
            return code == 0;
        }

        @Override
        public String toString() {
            return "exit code " + code;
        }
    }

    /** Signal number {@code signal} ended the child (15 for SIGTERM, 9 for SIGKILL on Linux). */
    record Killed(int signal) implements ExitStatus {
        @Override
        public boolean success() {
            return false;
        }

        @Override
        public String toString() {
            return ProcessSignal.ofNumber(signal).map(s -> "killed by SIG" + s.name())
                    .orElse("killed by signal " + signal);
        }
    }
}
