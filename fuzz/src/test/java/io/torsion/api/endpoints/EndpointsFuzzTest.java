package io.torsion.api.endpoints;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.fuzz.FrameScript;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * The endpoint-string grammar and every scheme under arbitrary strings: each of
 * {@code serverFromString}, {@code clientFromString} and {@code datagramFromString} either returns
 * an endpoint or throws {@link EndpointSyntaxException} with a message, never anything else (and,
 * under the fuzzer's sanitizers, never touches a file or a socket). What parses round-trips: the
 * endpoint's own string parses to an equal endpoint, and a description rebuilt from its fields
 * (escaped) parses to the same fields.
 *
 * <p>The input is the endpoint string, as UTF-8.
 */
class EndpointsFuzzTest {

    @FuzzTest
    void parsesOrSaysWhyAndRoundTrips(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        roundTrips(text, Endpoints::serverFromString);
        roundTrips(text, Endpoints::clientFromString);
        roundTrips(text, Endpoints::datagramFromString);
        EndpointDescription description = parsedOrNull(text, EndpointDescription::parse);
        if (description == null) {
            return;
        }
        EndpointDescription again = EndpointDescription.parse(rebuilt(description));
        FrameScript.check(again.scheme().equals(description.scheme())
                        && again.positional().equals(description.positional())
                        && again.keywords().equals(description.keywords()),
                "'" + text + "' rebuilt as '" + rebuilt(description) + "' parses to other fields");
    }

    private static void roundTrips(String text, Function<String, ?> parse) {
        Object endpoint = parsedOrNull(text, parse);
        if (endpoint != null) {
            Object again = parse.apply(endpoint.toString());
            FrameScript.check(again.equals(endpoint), "'" + text + "' parsed to " + endpoint + ", which parses to " + again);
        }
    }

    /** What {@code parse} makes of {@code text}, or null when it says why not, as it must. */
    private static <T> T parsedOrNull(String text, Function<String, T> parse) {
        try {
            T parsed = parse.apply(text);
            FrameScript.check(parsed != null, "'" + text + "' parsed to null");
            return parsed;
        } catch (EndpointSyntaxException e) {
            FrameScript.check(e.getMessage() != null && !e.getMessage().isEmpty(), "an error without a message");
            return null;
        }
    }

    private static String rebuilt(EndpointDescription description) {
        StringBuilder text = new StringBuilder(description.scheme());
        for (String value : description.positional()) {
            text.append(':').append(EndpointDescription.escape(value));
        }
        for (Map.Entry<String, String> field : description.keywords().entrySet()) {
            text.append(':').append(field.getKey()).append('=').append(EndpointDescription.escape(field.getValue()));
        }
        return text.toString();
    }
}
