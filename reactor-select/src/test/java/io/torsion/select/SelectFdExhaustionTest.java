package io.torsion.select;

import io.torsion.tck.FdExhaustionConformance;

class SelectFdExhaustionTest extends FdExhaustionConformance {

    @Override
    protected String reactorName() {
        return "select";
    }
}
