package io.torsion.epoll;

import io.torsion.tck.FdExhaustionConformance;

class EpollLtFdExhaustionTest extends FdExhaustionConformance {

    @Override
    protected String reactorName() {
        return "epoll-lt";
    }
}
