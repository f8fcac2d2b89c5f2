package io.torsion.epoll;

import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.tck.ReactorConformance;

/** Runs the whole conformance kit on epoll-lt. */
class EpollLtConformanceTest extends ReactorConformance {

    @Override
    protected Reactor newReactor() {
        return Reactors.create("epoll-lt");
    }
}
