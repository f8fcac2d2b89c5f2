package io.torsion.api.endpoints;

/**
 * An endpoint string that does not name an endpoint: bad grammar, an unknown scheme or key, or a
 * value a key cannot take. The message quotes the string and says what is wrong with which key.
 */
public final class EndpointSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Longest stretch of the endpoint string, a key or the problem a message quotes; the rest is elided. */
    private static final int QUOTED_LIMIT = 200;

    private final String key;
    private final String problem;

    /**
     * @param endpoint the whole string, as given
     * @param key the key at fault, or null when the fault is not one key's (grammar, scheme)
     * @param problem what is wrong, in words a user can act on
     */
    public EndpointSyntaxException(String endpoint, String key, String problem) {
        super("endpoint '" + cut(endpoint) + "': " + (key == null ? "" : "key '" + cut(key) + "': ") + cut(problem));
        this.key = key;
        this.problem = problem;
    }

    /** The key at fault, or null when the fault is not one key's. */
    public String key() {
        return key;
    }

    /** What is wrong, without the endpoint string and the key. */
    public String problem() {
        return problem;
    }

    private static String cut(String text) {
        return text.length() <= QUOTED_LIMIT ? text : text.substring(0, QUOTED_LIMIT) + "...";
    }
}
