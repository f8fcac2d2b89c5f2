package io.torsion.epoll.nativeio;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class EventFdTest {

    private final Epoll epoll = Epoll.create();
    private final EventFd wakeup = EventFd.create();
    private final EpollEventArray events = new EpollEventArray(8);

    EventFdTest() throws Exception {
    }

    @AfterEach
    void close() {
        events.free();
        wakeup.close();
        epoll.close();
    }

    @Test
    void signalFromAnotherThreadWakesABlockedWait() throws Exception {
        long tag = RegistrationTag.of(wakeup.intValue(), 9);
        epoll.add(wakeup.intValue(), EPOLLIN, tag);

        CompletableFuture<Integer> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return epoll.wait(events, 15_000);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        wakeup.signal();

        assertEquals(1, waited.get(10, TimeUnit.SECONDS));
        assertEquals(tag, events.data(0));
        assertEquals(EPOLLIN, events.events(0));
    }

    @Test
    void drainResetsTheCounterSoTheNextWaitTimesOut() throws Exception {
        epoll.add(wakeup.intValue(), EPOLLIN, 1);
        wakeup.signal();
        wakeup.signal();
        assertEquals(1, epoll.wait(events, 5_000), "many signals, one readiness");

        wakeup.drain();

        assertEquals(0, epoll.wait(events, 0));
    }

    @Test
    void signalAfterCloseIsIgnored() {
        wakeup.close();
        wakeup.signal();
        wakeup.close();
        assertFalse(wakeup.isOpen());
    }
}
