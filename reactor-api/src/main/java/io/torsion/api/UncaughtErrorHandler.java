package io.torsion.api;

/**
 * Hears about every exception that user code throws on the reactor thread and that nothing else
 * catches: a protocol callback, a factory callback, a timer, a task given to
 * {@link Reactor#callFromThread}. The reactor has already done what it does about the error (closed
 * the connection the callback belonged to, or carried on) when the handler runs; the handler only
 * reports it. Set one with {@link Reactor#onUncaughtError}.
 *
 * <p>The handler runs on the reactor thread and should return quickly. If it throws, the reactor
 * reports both exceptions through {@link #standard()} and goes on.
 */
@FunctionalInterface
public interface UncaughtErrorHandler {

    /**
     * Reports one error.
     *
     * @param context what was running and what the reactor did about it, for example
     *     {@code 127.0.0.1:40312: protocol Echo threw from dataReceived; closing the connection}
     * @param error what was thrown
     */
    void uncaughtError(String context, Throwable error);

    /**
     * The default: logs at ERROR through slf4j (logger {@code io.torsion.reactor}); when slf4j has no
     * provider on the class path, and would therefore drop the message, writes the context and the
     * stack trace to standard error instead.
     *
     * @return the handler every reactor starts with
     */
    static UncaughtErrorHandler standard() {
        return StandardErrorHandler.INSTANCE;
    }
}
