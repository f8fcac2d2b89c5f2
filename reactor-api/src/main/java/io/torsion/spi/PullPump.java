package io.torsion.spi;

import io.torsion.api.DelayedCall;
import io.torsion.api.PullProducer;
import io.torsion.api.PushProducer;
import io.torsion.api.Transport;
import java.time.Duration;

/**
 * Drives a {@link PullProducer} from the push side of a transport: registered as the transport's
 * push producer, it asks the pull producer for a piece once per loop turn while the outbound queue
 * is below the high-water mark, stops asking when the queue rises above it, and asks again once it
 * has drained to the low mark. Asking on a later turn, never from inside a write, means a producer
 * is not re-entered and other connections get their turn between pieces.
 *
 * <p>A transport that forgets its producer ({@code unregisterProducer}, or another registered in
 * its place) tells the pump through {@link #forget}, so a finished producer is not asked again.
 */
public final class PullPump implements PushProducer {

    private final Transport transport;
    private final PullProducer producer;
    private boolean paused;
    private boolean forgotten;
    private DelayedCall next;

    private PullPump(Transport transport, PullProducer producer) {
        this.transport = transport;
        this.producer = producer;
    }

    /** Registers {@code producer} with {@code transport} and asks it for its first piece soon. */
    public static void register(Transport transport, PullProducer producer) {
        if (producer == null) {
            throw new NullPointerException("producer");
        }
        PullPump pump = new PullPump(transport, producer);
        transport.registerProducer(pump);
        pump.askSoon();
    }

    /** Called by a transport on the producer it no longer holds: a pump among them stops. */
    public static void forget(PushProducer old) {
        if (old instanceof PullPump pump) {
            pump.stop();
        }
    }

    @Override
    public void pauseProducing() {
        paused = true;
        cancelNext();
    }

    @Override
    public void resumeProducing() {
        paused = false;
        askSoon();
    }

    @Override
    public void stopProducing() {
        if (!forgotten) {
            stop();
            producer.stopProducing();
        }
    }

    private void stop() {
        forgotten = true;
        cancelNext();
    }

    private void askSoon() {
        if (!forgotten && !paused && next == null && transport.isOpen()) {
            next = transport.scheduler().callLater(Duration.ZERO, this::ask);
        }
    }

    private void ask() {
        next = null;
        if (forgotten || paused || !transport.isOpen()) {
            return;
        }
        producer.resumeProducing(); // what it throws is the connection's, as from any of its timers
        askSoon();
    }

    private void cancelNext() {
        if (next != null) {
            next.cancel();
            next = null;
        }
    }
}
