package io.torsion.select;

import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import io.torsion.tck.ReactorConformance;

/** Runs the whole conformance kit on the select backend. */
class SelectConformanceTest extends ReactorConformance {

    @Override
    protected Reactor newReactor() {
        return Reactors.create("select");
    }
}
