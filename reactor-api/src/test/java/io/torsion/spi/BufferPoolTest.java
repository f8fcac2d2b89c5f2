package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    private final BufferPool pool = new BufferPool();

    @Test
    void aBurstWiderThanTheFloorIsServedFromThePoolTheNextTime() {
        List<ByteBuffer> first = takeLarge(1_000);
        Set<ByteBuffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(first);
        first.forEach(pool::give);
        assertEquals(1_000, pool.idleChunks());

        List<ByteBuffer> second = takeLarge(1_000);
        for (ByteBuffer chunk : second) {
            assertTrue(seen.contains(chunk), "a chunk of the second burst was allocated anew");
        }
    }

    @Test
    void trimKeepsWhatThePeriodUsedAndDropsTheRestOnceTheLoadIsGone() {
        takeLarge(1_000).forEach(pool::give);
        assertTrue(pool.holdsSurplus());

        pool.trim(); // the period that ends had 1,000 in use: all kept for the next
        assertEquals(1_000, pool.idleChunks());
        pool.trim(); // a period with nothing in use: back to the floor
        assertEquals(256, pool.idleChunks());
        assertFalse(pool.holdsSurplus());
    }

    @Test
    void chunksStillInUseAtATrimCountForTheNextPeriod() {
        List<ByteBuffer> held = takeLarge(600);
        pool.trim();
        pool.trim();
        held.forEach(pool::give);
        assertEquals(600, pool.idleChunks(), "600 were in use throughout the period");
    }

    @Test
    void whatIsKeptHasACeiling() {
        takeLarge(5_000).forEach(pool::give);
        assertEquals(4 * 1024, pool.idleChunks());
    }

    @Test
    void aSmallFirstWriteGetsASmallChunkAndALargeOneALargeChunk() {
        ByteBuffer small = pool.takeFor(64);
        ByteBuffer large = pool.takeFor(BufferPool.SMALL_CHUNK_SIZE + 1);
        assertEquals(BufferPool.SMALL_CHUNK_SIZE, small.capacity());
        assertEquals(BufferPool.CHUNK_SIZE, large.capacity());
        assertTrue(small.isDirect() && large.isDirect());
        pool.give(small);
        pool.give(large);
        assertEquals(2, pool.idleChunks());
    }

    @Test
    void buffersItDidNotMakeAreNotKept() {
        pool.give(ByteBuffer.allocate(BufferPool.CHUNK_SIZE));
        pool.give(ByteBuffer.allocateDirect(100));
        assertEquals(0, pool.idleChunks());
    }

    private List<ByteBuffer> takeLarge(int n) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunks.add(pool.take());
        }
        return chunks;
    }
}
