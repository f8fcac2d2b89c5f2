package io.torsion.api.endpoints;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value types keys take, as converters for {@link EndpointArguments}. Each returns the value or
 * throws an {@code IllegalArgumentException} saying, in a user's words, why the text is not one;
 * the arguments add the key. None of them touches the network: host names are checked for shape
 * and resolved only when the endpoint is used.
 */
public final class EndpointValues {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final Pattern SECONDS = Pattern.compile("([0-9]{1,9})(?:\\.([0-9]{1,9}))?");
    private static final Pattern IPV4 = Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern OCTAL_MODE = Pattern.compile("[0-7]{1,4}");
    private static final int MAX_HOST_NAME = 253;
    private static final long MAX_SECONDS = 999_999_999;
    /** {@code sizeof(sun_path)} (108 on Linux, sys/un.h) less one byte for the NUL. */
    private static final int MAX_UNIX_PATH = 107;

    private EndpointValues() {
    }

    /** A port to listen on: 0 to 65535, where 0 picks a free one. */
    public static Integer listenPort(String text) {
        return inRange(text, 0, 65535, "a port (0-65535)");
    }

    /** A port to connect to: 1 to 65535. */
    public static Integer connectPort(String text) {
        return inRange(text, 1, 65535, "a port (1-65535)");
    }

    /** A whole number of at least 1, such as a backlog. */
    public static Integer positive(String text) {
        return inRange(text, 1, 999_999_999, "a whole number of at least 1");
    }

    /** Seconds, more than 0, to the nanosecond at most: {@code 5}, {@code 0.25}. */
    public static Duration seconds(String text) {
        Matcher m = SECONDS.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds such as 5 or 0.25");
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        long nanos = Long.parseLong((fraction + "000000000").substring(0, 9));
        Duration duration = Duration.ofSeconds(Long.parseLong(m.group(1)), nanos);
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be more than 0 seconds");
        }
        return duration;
    }

    /** {@code duration} as {@link #seconds} reads it: {@code 5}, {@code 0.25}. */
    public static String formatSeconds(Duration duration) {
        if (duration.getNano() == 0) {
            return Long.toString(duration.getSeconds());
        }
        return duration.getSeconds() + "." + String.format("%09d", duration.getNano()).replaceAll("0+$", "");
    }

    /** Checks a connect timeout is one an endpoint string can write: more than 0, at most nine digits of seconds. */
    static Duration checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.getSeconds() > MAX_SECONDS) {
            throw new IllegalArgumentException("timeout must be more than 0 and at most " + MAX_SECONDS + " seconds");
        }
        return timeout;
    }

    /** A group's listening strategy: {@code reuseport}, {@code roundrobin} or {@code fewest}. */
    public static io.torsion.api.ListenStrategy strategy(String text) {
        return switch (text) {
            case "reuseport" -> io.torsion.api.ListenStrategy.REUSE_PORT;
            case "roundrobin" -> io.torsion.api.ListenStrategy.ROUND_ROBIN;
            case "fewest" -> io.torsion.api.ListenStrategy.FEWEST_CONNECTIONS;
            default -> throw new IllegalArgumentException("'" + text
                    + "' is not a listening strategy (reuseport, roundrobin or fewest)");
        };
    }

    /** How {@link #strategy} spells {@code strategy} in an endpoint string. */
    public static String strategyName(io.torsion.api.ListenStrategy strategy) {
        return switch (strategy) {
            case REUSE_PORT -> "reuseport";
            case ROUND_ROBIN -> "roundrobin";
            case FEWEST_CONNECTIONS -> "fewest";
        };
    }

    /** Permission bits in octal, as chmod takes them: {@code 660}, {@code 0600}; at most 777. */
    public static Integer octalMode(String text) {
        int mode = OCTAL_MODE.matcher(text).matches() ? Integer.parseInt(text, 8) : -1;
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("'" + text + "' is not a permission mode (octal, 000-777, as in 660)");
        }
        return mode;
    }

    /**
     * A Unix domain socket: a file path, or {@code @name} for a Linux abstract name. At most
     * 107 bytes in UTF-8, the room {@code sockaddr_un} leaves beside its
     * terminating (or, for an abstract name, leading) NUL; no NUL inside.
     */
    public static String unixPath(String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (text.isEmpty() || text.equals("@")) {
            throw new IllegalArgumentException(text.isEmpty() ? "empty; a Unix socket needs a path or @name"
                    : "'@' needs a name after it");
        }
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("holds a NUL character");
        }
        if (bytes > MAX_UNIX_PATH) {
            throw new IllegalArgumentException("is " + bytes + " bytes; a Unix socket path holds at most " + MAX_UNIX_PATH);
        }
        return text;
    }

    /** An IPv4 or IPv6 address literal, or a host name; returned as written. */
    public static String host(String text) {
        if (isIpv4(text) || isIpv6(text) || isHostName(text)) {
            return text;
        }
        throw new IllegalArgumentException("'" + text + "' is neither an IP address nor a host name"
                + (text.contains("[") ? " (write IPv6 addresses without brackets, colons escaped: \\:\\:1)" : ""));
    }

    /** An IPv6 address literal, such as {@code ::1} (written {@code \:\:1} in an endpoint string). */
    public static String ipv6Address(String text) {
        if (isIpv6(text)) {
            return text;
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv6 address such as \\:\\:1");
    }

    /** A datagram port's {@code maxPacketSize}: 1 to 65,507, the largest UDP payload over IPv4. */
    public static Integer packetSize(String text) {
        return inRange(text, 1, io.torsion.api.Reactor.MAX_UDP_PAYLOAD, "a packet size (1-65507)");
    }

    private static Integer inRange(String text, int min, int max, String what) {
        long value = DIGITS.matcher(text).matches() ? Long.parseLong(text) : -1;
        if (value < min || value > max) {
            throw new IllegalArgumentException("'" + text + "' is not " + what);
        }
        return (int) value;
    }

    private static boolean isIpv4(String text) {
        Matcher m = IPV4.matcher(text);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":") || !IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            // Starts with a hex digit or a colon, holds only those and dots, and has a colon: the
            // JDK parses this as a literal and never asks a name service.
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > MAX_HOST_NAME) {
            return false;
        }
        String[] labels = text.split("\\.", -1);
        for (String label : labels) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // A name ending in digits would be taken for a malformed IPv4 address.
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }
}
