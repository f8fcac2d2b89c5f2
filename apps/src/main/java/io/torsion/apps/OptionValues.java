package io.torsion.apps;

import io.torsion.api.Reactors;
import io.torsion.api.endpoints.EndpointValues;
import io.torsion.api.endpoints.Endpoints;
import io.torsion.api.endpoints.StreamServerEndpoint;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Checks option values as they are parsed, so a bad one is a usage error (exit 2) naming the option. */
final class OptionValues {

    private OptionValues() {
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }

    /** What {@code check} returns; its {@code IllegalArgumentException} becomes a usage error with the same words. */
    private static <T> T checked(Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** A TCP port; 0 asks for a free one. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port = integer(value);
            if (port < 0 || port > 65535) {
                throw new TypeConversionException("'" + value + "' is not a port (0-65535)");
            }
            return port;
        }
    }

    /** An IP address or a host name (resolved when listening). */
    static final class Host implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return checked(() -> EndpointValues.host(value));
        }
    }

    /** An endpoint string naming where a server listens. */
    static final class ServerEndpoint implements ITypeConverter<StreamServerEndpoint> {
        @Override
        public StreamServerEndpoint convert(String value) {
            return checked(() -> Endpoints.serverFromString(value));
        }
    }

    /** A count that must be at least 1. */
    static final class Positive implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n = integer(value);
            if (n < 1) {
                throw new TypeConversionException("'" + value + "' must be at least 1");
            }
            return n;
        }
    }

    /** Seconds, possibly fractional, not negative. */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double seconds;
            try {
                seconds = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds >= 0) || Double.isInfinite(seconds)) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
            return seconds;
        }
    }

    /** A positive number of bytes, with an optional binary unit: {@code 1048576}, {@code 512KiB}, {@code 64MiB}. */
    static final class Bytes implements ITypeConverter<Long> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,18})(|KiB|MiB|GiB)");
        private static final Map<String, Integer> SHIFT = Map.of("", 0, "KiB", 10, "MiB", 20, "GiB", 30);

        @Override
        public Long convert(String value) {
            Matcher m = FORM.matcher(value);
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size such as 1048576, 512KiB or 64MiB");
            }
            long number = Long.parseLong(m.group(1));
            int shift = SHIFT.get(m.group(2));
            if (number < 1 || number > Long.MAX_VALUE >> shift) {
                throw new TypeConversionException("'" + value + "' must be at least 1 byte and fit in 63 bits");
            }
            return number << shift;
        }
    }

    /** A positive whole number of seconds, minutes, hours or days: {@code 90s}, {@code 30m}, {@code 24h}, {@code 7d}. */
    static final class TimeToLive implements ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smhd])");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.toLowerCase(Locale.ROOT));
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 30m, 24h or 7d");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }

    /** The name of a backend that can run here. */
    static final class ReactorName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!Reactors.available().contains(value)) {
                throw new TypeConversionException("no reactor named '" + value + "' can run here; available: "
                        + String.join(", ", Reactors.available()));
            }
            return value;
        }
    }

    /** The backends that can run here, for the help text. */
    static final class AvailableReactors implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Reactors.available().iterator();
        }
    }
}
