package io.torsion.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class WriteQueueTest {

    private final BufferPool pool = new BufferPool();
    private final WriteQueue queue = new WriteQueue(pool);

    @Test
    void smallWritesAreCoalescedIntoOneChunk() {
        for (int i = 0; i < 100; i++) {
            queue.append(ByteBuffer.wrap(new byte[64]));
        }
        assertEquals(6400, queue.size());
        assertEquals(2, queue.chunkCount(), "the small first chunk, then one large");
    }

    @Test
    void drainingInOddSizesReturnsEveryByteInOrderAndRecyclesChunks() {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        ByteBuffer src = ByteBuffer.wrap(data);
        queue.append(src);
        assertEquals(0, src.remaining());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer[] gather = new ByteBuffer[4];
        while (!queue.isEmpty()) {
            int count = queue.fill(gather);
            long budget = 7_777;
            long sent = 0;
            for (int i = 0; i < count && budget > 0; i++) {
                int n = (int) Math.min(budget, gather[i].remaining());
                byte[] chunk = new byte[n];
                gather[i].get(chunk);
                out.write(chunk, 0, n);
                budget -= n;
                sent += n;
            }
            queue.written(sent);
        }
        assertArrayEquals(data, out.toByteArray());
        assertTrue(pool.idleChunks() > 0);
    }

    @Test
    void aQueueStartsSmallForASmallWriteAndGrowsInLargeChunks() {
        queue.append(ByteBuffer.wrap(new byte[64]));
        queue.append(ByteBuffer.wrap(new byte[BufferPool.CHUNK_SIZE]));
        ByteBuffer[] gather = new ByteBuffer[4];
        int count = queue.fill(gather);
        assertEquals(2, count);
        assertEquals(BufferPool.SMALL_CHUNK_SIZE, gather[0].capacity());
        assertEquals(BufferPool.SMALL_CHUNK_SIZE, gather[0].remaining(), "the small chunk is filled first");
        assertEquals(BufferPool.CHUNK_SIZE, gather[1].capacity());
        assertEquals(64 + BufferPool.CHUNK_SIZE, gather[0].remaining() + gather[1].remaining());
    }

    @Test
    void clearDropsEverything() {
        queue.append(ByteBuffer.wrap(new byte[50_000]));
        queue.clear();
        assertEquals(0, queue.size());
        assertEquals(0, queue.chunkCount());
    }
}
