package io.torsion.apps;

import io.torsion.api.Reactor;
import io.torsion.api.Scheduler;
import java.util.concurrent.Executor;

/**
 * One loop as state shared between loops sees it: the timers it runs, and how any thread hands it a
 * task (a timer may be cancelled only on the thread that runs it).
 */
record Loop(Scheduler timers, Executor tasks) {

    static Loop of(Reactor reactor) {
        return new Loop(reactor, reactor::callFromThread);
    }

    /** A scheduler only one thread ever uses, its own: a task for it runs at once. */
    static Loop only(Scheduler scheduler) {
        return new Loop(scheduler, Runnable::run);
    }
}
