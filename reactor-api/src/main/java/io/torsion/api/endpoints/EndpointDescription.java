package io.torsion.api.endpoints;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The grammar every endpoint string follows, before any scheme gives the fields a meaning.
 *
 * <pre>
 *   endpoint = scheme ( ":" field )*
 *   field    = value | key "=" value
 * </pre>
 *
 * <p>Fields are separated by {@code :}. A field with an unescaped {@code =} is a keyword field: the
 * key is what comes before the first one, the value everything after it. Other fields are
 * positional and fill the scheme's keys in the order the scheme declares them; positional fields
 * come before keyword fields. A backslash makes the next character literal, whatever it is: write
 * {@code \:} for a colon in a value (an IPv6 address, {@code interface=\:\:1}), {@code \=} for an
 * equals sign in a positional field and {@code \\} for a backslash. Nothing else is special, so a
 * path such as {@code /run/torsion/chat.sock} needs no escaping. The scheme is matched without
 * regard to case; keys are case-sensitive. Empty fields, empty keys, a key given twice and a
 * trailing lone backslash are errors.
 *
 * <p>{@link #parse} is a pure function of its argument: it touches no file, socket or name
 * service, so it can be fuzzed and called anywhere.
 *
 * @param text the endpoint string as given
 * @param scheme the scheme, lower-cased ({@code tcp})
 * @param positional the positional fields, unescaped, in order
 * @param keywords the keyword fields, unescaped, in order
 */
public record EndpointDescription(String text, String scheme, List<String> positional, Map<String, String> keywords) {

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    public EndpointDescription {
        positional = List.copyOf(positional);
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    /** Splits {@code text} into scheme and fields; throws when the grammar is broken. */
    public static EndpointDescription parse(String text) {
        if (text == null) {
            throw new NullPointerException("endpoint string");
        }
        List<Field> fields = split(text);
        Field first = fields.get(0);
        if (first.isKeyword() || !SCHEME.matcher(first.value).matches()) {
            throw new EndpointSyntaxException(text, null, noScheme(text, first));
        }
        List<String> positional = new ArrayList<>();
        Map<String, String> keywords = new LinkedHashMap<>();
        for (int i = 1; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (!field.isKeyword()) {
                if (field.value.isEmpty()) {
                    throw new EndpointSyntaxException(text, null, "field " + i + " is empty");
                }
                if (!keywords.isEmpty()) {
                    throw new EndpointSyntaxException(text, null, "positional field '" + field.value
                            + "' comes after key=value fields; put it before them or give its key");
                }
                positional.add(field.value);
            } else if (!KEY.matcher(field.key).matches()) {
                throw new EndpointSyntaxException(text, null, field.key.isEmpty() ? "field " + i + " has no key before '='"
                        : "'" + field.key + "' is not a key (letters and digits, starting with a letter)");
            } else if (keywords.putIfAbsent(field.key, field.value) != null) {
                throw new EndpointSyntaxException(text, field.key, "given twice");
            }
        }
        return new EndpointDescription(text, first.value.toLowerCase(Locale.ROOT), positional, keywords);
    }

    private static String noScheme(String text, Field first) {
        if (first.isKeyword() || first.value.isEmpty()) {
            return "no scheme; an endpoint starts with one, as in tcp:1200 or unix:/run/app.sock";
        }
        if (first.value.chars().allMatch(Character::isDigit)) {
            return "no scheme; for a TCP port write tcp:" + text;
        }
        return "'" + first.value + "' is not a scheme (letters and digits, starting with a letter)";
    }

    /** {@code value} with every character the grammar treats specially escaped, for writing endpoints. */
    public static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ':' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** One field, unescaped; {@code key} is null for a positional field. */
    private record Field(String key, String value) {
        boolean isKeyword() {
            return key != null;
        }
    }

    private static List<Field> split(String text) {
        List<Field> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String key = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                if (++i == text.length()) {
                    throw new EndpointSyntaxException(text, null, "ends in a lone '\\' (write '\\\\' for a backslash)");
                }
                current.append(text.charAt(i));
            } else if (c == ':') {
                fields.add(new Field(key, current.toString()));
                current.setLength(0);
                key = null;
            } else if (c == '=' && key == null) {
                key = current.toString();
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(new Field(key, current.toString()));
        return fields;
    }
}
