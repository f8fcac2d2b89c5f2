package io.torsion.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The option values the launcher parses itself: sizes and durations, and what it refuses. */
class OptionValuesTest {

    @Test
    void sizesAreBytesOrBinaryUnits() {
        OptionValues.Bytes bytes = new OptionValues.Bytes();
        assertEquals(1048576L, bytes.convert("1048576"));
        assertEquals(512L * 1024, bytes.convert("512KiB"));
        assertEquals(64L << 20, bytes.convert("64MiB"));
        assertEquals(2L << 30, bytes.convert("2GiB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0MiB", "-1", "1.5MiB", "64MB", "64 MiB", "MiB", "99999999999999999GiB"})
    void badSizesAreRefused(String value) {
        assertThrows(TypeConversionException.class, () -> new OptionValues.Bytes().convert(value));
    }

    @Test
    void durationsHaveAUnit() {
        OptionValues.TimeToLive ttl = new OptionValues.TimeToLive();
        assertEquals(Duration.ofSeconds(90), ttl.convert("90s"));
        assertEquals(Duration.ofMinutes(30), ttl.convert("30m"));
        assertEquals(Duration.ofHours(24), ttl.convert("24H"));
        assertEquals(Duration.ofDays(7), ttl.convert("7d"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "0s", "-5m", "1.5h", "5 m", "5ms", "h"})
    void badDurationsAreRefused(String value) {
        assertThrows(TypeConversionException.class, () -> new OptionValues.TimeToLive().convert(value));
    }
}
