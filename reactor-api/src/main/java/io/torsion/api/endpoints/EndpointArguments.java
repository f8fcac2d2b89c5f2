package io.torsion.api.endpoints;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The fields of one endpoint string, as a scheme reads them: {@link #bind} declares the keys the
 * scheme takes (positional fields fill them in that order), then {@link #required} and
 * {@link #optional} convert each value. Every fault becomes an {@link EndpointSyntaxException}
 * naming the key, so a scheme never writes an error message for a bad value itself.
 */
public final class EndpointArguments {

    private final EndpointDescription description;
    private final String role;
    private List<String> declared;
    private Map<String, String> values;

    /** @param role what the scheme is asked for, plural: {@code servers}, {@code clients} */
    EndpointArguments(EndpointDescription description, String role) {
        this.description = description;
        this.role = role;
    }

    /** The scheme, lower-cased. */
    public String scheme() {
        return description.scheme();
    }

    /**
     * Declares the keys this scheme takes, positional ones first, and matches the fields to them.
     * Throws when a key is unknown, given twice, or there are more positional fields than keys.
     */
    public EndpointArguments bind(String... keys) {
        List<String> known = List.of(keys);
        List<String> positional = description.positional();
        if (positional.size() > known.size()) {
            throw error(null, "too many positional fields ('" + positional.get(known.size()) + "' has no key); "
                    + takes(known) + ", in that order");
        }
        Map<String, String> bound = new LinkedHashMap<>();
        for (int i = 0; i < positional.size(); i++) {
            bound.put(known.get(i), positional.get(i));
        }
        for (Map.Entry<String, String> field : description.keywords().entrySet()) {
            String key = field.getKey();
            if (!known.contains(key)) {
                throw error(key, "unknown; " + takes(known));
            }
            if (bound.putIfAbsent(key, field.getValue()) != null) {
                throw error(key, "given twice (once as positional field " + (known.indexOf(key) + 1) + ")");
            }
        }
        declared = known;
        values = bound;
        return this;
    }

    /** The value of {@code key}, converted; an error naming the key when it is missing or bad. */
    public <T> T required(String key, Function<String, T> convert) {
        String text = value(key);
        if (text == null) {
            throw error(key, "required");
        }
        return convert(key, text, convert);
    }

    /** The value of {@code key}, converted, or {@code otherwise} when the key is not given. */
    public <T> T optional(String key, T otherwise, Function<String, T> convert) {
        String text = value(key);
        return text == null ? otherwise : convert(key, text, convert);
    }

    /** An error about this endpoint; {@code key} may be null when no key is at fault. */
    public EndpointSyntaxException error(String key, String problem) {
        return new EndpointSyntaxException(description.text(), key, problem);
    }

    /** The error for a scheme asked for a kind of endpoint it does not make. */
    EndpointSyntaxException unsupported() {
        return error(null, "scheme '" + scheme() + "' makes no " + role);
    }

    private String value(String key) {
        if (declared == null) {
            throw new IllegalStateException("bind the keys of scheme '" + scheme() + "' before reading them");
        }
        if (!declared.contains(key)) {
            throw new IllegalStateException("key '" + key + "' was not declared by bind");
        }
        return values.get(key);
    }

    private <T> T convert(String key, String text, Function<String, T> convert) {
        try {
            return convert.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    private String takes(List<String> known) {
        return scheme() + " " + role + " take " + String.join(", ", known);
    }
}
