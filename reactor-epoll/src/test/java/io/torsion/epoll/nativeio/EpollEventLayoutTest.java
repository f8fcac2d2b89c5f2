package io.torsion.epoll.nativeio;

import static io.torsion.epoll.nativeio.EpollFlags.EPOLLIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pins struct epoll_event for the running architecture, by letting the kernel fill the array. */
@Timeout(10)
class EpollEventLayoutTest {

    private final Epoll epoll = Epoll.create();
    private final EventFd first = EventFd.create();
    private final EventFd second = EventFd.create();
    private final EpollEventArray events = new EpollEventArray(4);

    EpollEventLayoutTest() throws Exception {
    }

    @AfterEach
    void close() {
        events.free();
        first.close();
        second.close();
        epoll.close();
    }

    @Test
    void layoutMatchesTheArchitecture() {
        String arch = System.getProperty("os.arch");
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            assertEquals(12, EpollEventArray.SIZE, "packed on x86-64");
            assertEquals(4, EpollEventArray.DATA_OFFSET);
        } else {
            assertEquals(16, EpollEventArray.SIZE, "naturally aligned on " + arch);
            assertEquals(8, EpollEventArray.DATA_OFFSET);
        }
    }

    @Test
    void kernelWritesEventsAndTagsAtTheComputedOffsets() throws Exception {
        long firstTag = 0x1122_3344_0000_0000L | first.intValue();
        long secondTag = 0x5566_7788_0000_0000L | second.intValue();
        assertTrue(epoll.add(first.intValue(), EPOLLIN, firstTag));
        assertTrue(epoll.add(second.intValue(), EPOLLIN, secondTag));
        first.signal();
        second.signal();

        assertEquals(2, epoll.wait(events, 5_000));

        // Both elements, so the stride is checked as well as the offsets within one element.
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            seen.put(events.data(i), events.events(i));
        }
        assertEquals(Map.of(firstTag, EPOLLIN, secondTag, EPOLLIN), seen);

        // And by raw bytes: the tag's low word sits right after the 4-byte events field on x86-64.
        Pointer raw = Pointer.wrap(Native.get().runtime(), events.address());
        long atSecond = raw.getLong(EpollEventArray.SIZE + EpollEventArray.DATA_OFFSET);
        assertTrue(atSecond == firstTag || atSecond == secondTag);
    }
}
