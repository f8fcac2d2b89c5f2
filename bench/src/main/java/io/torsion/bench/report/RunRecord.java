package io.torsion.bench.report;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * One loadgen run as the runner recorded it: which scenario, server and round, whether the server
 * ran ({@link Status}), and either the loadgen's {@code key=value} figures or why there are none.
 */
record RunRecord(String scenario, String server, int round, Status status, Map<String, String> values,
        String reason) {

    /** How a run ended. */
    enum Status {
        /** The loadgen finished and reported figures. */
        OK,
        /** The server could not be started (not built yet, or its backend is unavailable here). */
        MISSING,
        /** The server started but the run failed (loadgen error, server died, wrong bytes). */
        FAILED,
        /** The scenario does not apply to this server (Netty has no chat room app). */
        NOT_APPLICABLE
    }

    /** The figure named {@code key}, if the run reported it as a number. */
    OptionalDouble number(String key) {
        String raw = values.get(key);
        if (raw == null) {
            return OptionalDouble.empty();
        }
        try {
            double value = Double.parseDouble(raw);
            return value < 0 ? OptionalDouble.empty() : OptionalDouble.of(value);
        } catch (NumberFormatException notANumber) {
            return OptionalDouble.empty();
        }
    }
}
