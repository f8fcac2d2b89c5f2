package io.torsion.api;

import java.io.PrintStream;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * {@link UncaughtErrorHandler#standard()}: slf4j when it has somewhere to write, standard error
 * when it has not. slf4j without a provider binds its no-operation logger, which would make every
 * error a protocol throws invisible.
 */
final class StandardErrorHandler implements UncaughtErrorHandler {

    static final StandardErrorHandler INSTANCE = new StandardErrorHandler(LoggerFactory.getILoggerFactory());

    private final Logger log;

    StandardErrorHandler(ILoggerFactory loggers) {
        this.log = loggers instanceof NOPLoggerFactory ? null : loggers.getLogger("io.torsion.reactor");
    }

    /** True when errors go to standard error because slf4j has no provider. */
    boolean writesToStandardError() {
        return log == null;
    }

    @Override
    public void uncaughtError(String context, Throwable error) {
        if (log != null) {
            log.error(context, error);
            return;
        }
        PrintStream err = System.err;
        synchronized (err) {
            err.println("torsion: " + context);
            error.printStackTrace(err);
        }
    }
}
