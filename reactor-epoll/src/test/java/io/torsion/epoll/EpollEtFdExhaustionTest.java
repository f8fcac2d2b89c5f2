package io.torsion.epoll;

import io.torsion.tck.FdExhaustionConformance;

class EpollEtFdExhaustionTest extends FdExhaustionConformance {

    @Override
    protected String reactorName() {
        return "epoll-et";
    }
}
