package io.torsion.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every client of one run shares: where the server is, the watchdog that bounds each call,
 * the counters, the bound within which a well-behaved client must be answered, and whether the
 * load is still on.
 */
final class Rig {

    private final Addresses addresses;
    private final Watchdog watchdog;
    private final Tally tally;
    private final Duration answerBound;
    private final String tag;
    private final Path jar;
    private final AppDriver.Workspace work;
    private final AtomicLong ids = new AtomicLong();
    private volatile boolean running;

    Rig(Addresses addresses, Watchdog watchdog, Tally tally, Duration answerBound, String tag, Path jar,
            AppDriver.Workspace work) {
        this.jar = jar;
        this.work = work;
        this.addresses = addresses;
        this.watchdog = watchdog;
        this.tally = tally;
        this.answerBound = answerBound;
        this.tag = tag;
    }

    Addresses addresses() {
        return addresses;
    }

    /** The launcher under test, for the line client. */
    Path jar() {
        return jar;
    }

    AppDriver.Workspace work() {
        return work;
    }

    Tally tally() {
        return tally;
    }

    /** How long a well-behaved client waits for any one answer before calling it a violation. */
    Duration answerBound() {
        return answerBound;
    }

    /** A name unique in this run (and across runs: it carries the run's tag), for nicknames and log lines. */
    String uniqueName(String prefix) {
        return prefix + tag + "-" + ids.incrementAndGet();
    }

    boolean running() {
        return running;
    }

    void running(boolean on) {
        running = on;
    }

    ThreadLocalRandom random() {
        return ThreadLocalRandom.current();
    }

    /** Any link the server offers. */
    Link anyLink() {
        List<Link> links = addresses.links();
        return links.get(random().nextInt(links.size()));
    }

    /**
     * A link for a well-behaved chat-room member: any link. (The short soak once kept members on TCP
     * while a reported line loss was open; it was the group's own waiting, see soak/README.md.)
     */
    Link roomMemberLink() {
        return anyLink();
    }

    /** Any link but TLS (for what TLS does not have: half-close, raw bytes). */
    Link plainLink() {
        return addresses.unix() != null && random().nextBoolean() ? Link.UNIX : Link.TCP;
    }

    /** A connection whose every call until the next {@link Conn#deadline} is bounded by {@link #answerBound()}. */
    Conn open(Link link) throws IOException {
        tally.count("connections " + link.name().toLowerCase(java.util.Locale.ROOT));
        return Conn.open(link, addresses, watchdog, answerBound);
    }
}
