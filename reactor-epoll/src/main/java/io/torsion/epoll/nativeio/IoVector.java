package io.torsion.epoll.nativeio;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * The argument of one gathering {@code sendmsg}: a {@code struct msghdr} pointing at an array of
 * {@code struct iovec}, both in native memory allocated once per reactor.
 *
 * <pre>
 * struct iovec  { void *iov_base; size_t iov_len; };          // 16 bytes, &lt;bits/types/struct_iovec.h&gt;
 * struct msghdr {                                               // 56 bytes on LP64, &lt;bits/socket.h&gt;
 *     void *msg_name;        //  0  (null: connected socket)
 *     socklen_t msg_namelen; //  8  (+4 padding)
 *     struct iovec *msg_iov; // 16
 *     size_t msg_iovlen;     // 24
 *     void *msg_control;     // 32  (null)
 *     size_t msg_controllen; // 40
 *     int msg_flags;         // 48  (+4 padding)
 * };
 * </pre>
 *
 * A direct buffer is referenced where it lies; a heap buffer has no fixed address, so its bytes are
 * copied into a staging area that is part of this vector (the view of it over the same memory is
 * valid only until {@link #free()}, and never leaves this class). Either way the kernel takes the bytes in
 * the order they were added, and the caller advances its buffers by the count sendmsg returns.
 * Not thread-safe.
 */
public final class IoVector {

    /** Buffers per sendmsg: enough to drain a busy queue in one call, far below IOV_MAX (1024). */
    public static final int MAX_BUFFERS = 64;
    /** Heap bytes staged per sendmsg; more than a socket send buffer usually takes at once. */
    static final int STAGING_BYTES = 128 * 1024;

    private static final int MSGHDR_SIZE = 56;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    private static final int IOVEC_SIZE = 16;
    private static final int IOV_BASE = 0;
    private static final int IOV_LEN = 8;

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final NativeMemory memory;
    private final Pointer pointer;
    private final long iovecs;
    private final long staging;
    /** The staging area as a ByteBuffer, so any heap buffer (read-only too) copies in with one bulk put. */
    private final ByteBuffer stagingView;
    /** The direct buffer whose address was looked up last, and that address (see {@link #addressOf}). */
    private ByteBuffer lastDirect;
    private long lastAddress;
    private int count;
    private int stagedBytes;
    private long totalBytes;
    private boolean full;

    /** A vector owning its native memory; free it with {@link #free()}. */
    public IoVector() {
        memory = NativeMemory.allocate(MSGHDR_SIZE + (long) MAX_BUFFERS * IOVEC_SIZE + STAGING_BYTES);
        pointer = memory.pointer();
        iovecs = memory.address() + MSGHDR_SIZE;
        staging = iovecs + (long) MAX_BUFFERS * IOVEC_SIZE;
        stagingView = IO.newDirectByteBuffer(staging, STAGING_BYTES);
        pointer.putAddress(MSG_IOV, iovecs);
    }

    /** Empties the vector for the next send. */
    public void clear() {
        count = 0;
        stagedBytes = 0;
        totalBytes = 0;
        full = false;
    }

    /**
     * Adds {@code buffer}'s remaining bytes (without moving its position). Returns false when the
     * vector is now full: the buffer may then have been taken only in part, and nothing more may be
     * added before {@link #clear()}.
     */
    public boolean add(ByteBuffer buffer) {
        if (full) {
            return false;
        }
        int length = buffer.remaining();
        if (length > 0) {
            if (buffer.isDirect()) {
                entry(addressOf(buffer) + buffer.position(), length);
            } else {
                length = Math.min(length, STAGING_BYTES - stagedBytes);
                stagingView.put(stagedBytes, buffer, buffer.position(), length);
                entry(staging + stagedBytes, length);
                stagedBytes += length;
                if (length < buffer.remaining() || stagedBytes == STAGING_BYTES) {
                    full = true;
                }
            }
        }
        if (count == MAX_BUFFERS) {
            full = true;
        }
        return !full;
    }

    /**
     * The native address of direct buffer {@code direct}. Asking jffi is a JNI call (a type check and
     * a field read behind a native transition); an echo sends the reactor's read buffer again and
     * again, so the last answer is remembered. A direct buffer's address never changes, and holding
     * the one buffer keeps its memory from being freed while the address is remembered.
     */
    public long addressOf(ByteBuffer direct) {
        if (direct != lastDirect) {
            lastAddress = IO.getDirectBufferAddress(direct);
            lastDirect = direct;
        }
        return lastAddress;
    }

    private void entry(long base, int length) {
        long at = (long) count * IOVEC_SIZE;
        pointer.putAddress(MSGHDR_SIZE + at + IOV_BASE, base);
        pointer.putLong(MSGHDR_SIZE + at + IOV_LEN, length);
        count++;
        totalBytes += length;
    }

    /** How many iovec entries are filled. */
    public int count() {
        return count;
    }

    /** How many bytes the entries cover. */
    public long bytes() {
        return totalBytes;
    }

    /** The iovec array, for writev (pipes). */
    long iovecsAddress() {
        return iovecs;
    }

    /** Advances {@code srcs[offset .. offset+length)} by the {@code n} bytes a gathering write took, in order. */
    static void advance(ByteBuffer[] srcs, int offset, int length, long n) {
        long left = n;
        for (int i = offset; left > 0 && i < offset + length; i++) {
            ByteBuffer src = srcs[i];
            int taken = (int) Math.min(left, src.remaining());
            src.position(src.position() + taken);
            left -= taken;
        }
    }

    long msghdrAddress() {
        pointer.putLong(MSG_IOVLEN, count);
        return memory.address();
    }

    /** Frees the native memory. Idempotent. */
    public void free() {
        lastDirect = null;
        memory.free();
    }
}
