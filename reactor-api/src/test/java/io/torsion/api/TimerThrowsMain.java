package io.torsion.api;

import io.torsion.api.testing.ManualClock;
import java.time.Duration;

/** Runs one timer that throws, for {@link StandardErrorHandlerTest}'s child JVMs. */
public final class TimerThrowsMain {

    private TimerThrowsMain() {
    }

    public static void main(String[] args) {
        ManualClock clock = new ManualClock();
        clock.callLater(Duration.ofSeconds(1), () -> {
            throw new IllegalStateException("thrown on purpose from a timer");
        });
        clock.advance(Duration.ofSeconds(1));
    }
}
