package io.torsion.soak;

import java.time.Duration;

/**
 * One type of soak client: a bounded iteration (connect, do one thing, close) that a
 * {@link ClientLoop} repeats until the load stops, with a pause between iterations that paces it.
 * A well-behaved client's iteration must succeed every time: any exception it throws is a violation
 * (disconnected, not answered in time, a wrong answer). An abusive one may end any way it likes.
 */
record ClientKind(String name, boolean wellBehaved, int copies, Duration pause, Iteration body) {

    /** One iteration, which must end by itself (every blocking call of it has a deadline). */
    interface Iteration {
        void run(Rig rig) throws Exception;
    }

    static ClientKind wellBehaved(String name, int copies, Duration pause, Iteration body) {
        return new ClientKind(name, true, copies, pause, body);
    }

    static ClientKind abusive(String name, Duration pause, Iteration body) {
        return new ClientKind(name, false, 1, pause, body);
    }
}
