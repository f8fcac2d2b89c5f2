package io.torsion.epoll.nativeio;

import com.kenai.jffi.MemoryIO;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/**
 * The argument of one {@code recvmmsg} or {@code sendmmsg}: an array of {@code struct mmsghdr}, each
 * pointing at its own {@code struct iovec} and {@code sockaddr_storage}, and the data they point
 * into, all in one block of native memory allocated once and reused for every call.
 *
 * <pre>
 * struct mmsghdr {                // 64 bytes on LP64, &lt;bits/socket.h&gt;
 *     struct msghdr msg_hdr;      //  0: 56 bytes, layout in {@link IoVector}
 *     unsigned int  msg_len;      // 56: bytes received or sent, written by the kernel
 * };                              //     (+4 padding)
 * </pre>
 *
 * Of each msghdr, {@code msg_name} points at the slot's sockaddr storage (128 bytes),
 * {@code msg_namelen} is value-result, {@code msg_iov} at the slot's one iovec, {@code msg_iovlen}
 * is 1, and {@code msg_flags} is where the kernel reports MSG_TRUNC after a receive.
 *
 * <p>A receive vector has {@code slots} fixed data areas of {@code slotSize} bytes, each with a
 * ByteBuffer view made once, so delivering a datagram allocates nothing. A send vector points its
 * iovecs at the datagrams' own direct memory, or at a copy in its staging area for heap buffers.
 * Not thread-safe; freed once by its owner.
 */
public final class MessageVector {

    static final int MMSGHDR_SIZE = 64;
    static final int MSG_LEN = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_FLAGS = 48;
    static final int IOVEC_SIZE = 16;
    static final int NAME_SIZE = SocketAddressCodec.SOCKADDR_STORAGE_SIZE;

    private static final MemoryIO IO = MemoryIO.getInstance();

    private final int slots;
    private final int slotSize;
    private final NativeMemory memory;
    private final Pointer pointer;
    private final long base;
    private final long iovecs;
    private final long names;
    private final long data;
    private final ByteBuffer[] views;
    private final ByteBuffer staging;
    private ByteBuffer lastDirect;
    private long lastAddress;

    private MessageVector(int slots, int slotSize, long dataBytes, boolean receive) {
        this.slots = slots;
        this.slotSize = slotSize;
        long headers = (long) slots * (MMSGHDR_SIZE + IOVEC_SIZE + NAME_SIZE);
        memory = NativeMemory.allocate(headers + dataBytes);
        pointer = memory.pointer();
        base = memory.address();
        iovecs = base + (long) slots * MMSGHDR_SIZE;
        names = iovecs + (long) slots * IOVEC_SIZE;
        data = names + (long) slots * NAME_SIZE;
        views = receive ? new ByteBuffer[slots] : null;
        staging = receive ? null : IO.newDirectByteBuffer(data, (int) dataBytes);
        for (int i = 0; i < slots; i++) {
            long header = (long) i * MMSGHDR_SIZE;
            pointer.putAddress(header + MSG_NAME, names + (long) i * NAME_SIZE);
            pointer.putAddress(header + MSG_IOV, iovecs + (long) i * IOVEC_SIZE);
            pointer.putLong(header + MSG_IOVLEN, 1);
            if (receive) {
                long area = data + (long) i * slotSize;
                pointer.putAddress(iovecs - base + (long) i * IOVEC_SIZE, area);
                pointer.putLong(iovecs - base + (long) i * IOVEC_SIZE + 8, slotSize);
                views[i] = IO.newDirectByteBuffer(area, slotSize);
            }
        }
    }

    /** A vector for receiving up to {@code slots} datagrams of at most {@code slotSize} bytes each. */
    public static MessageVector forReceive(int slots, int slotSize) {
        return new MessageVector(slots, slotSize, (long) slots * slotSize, true);
    }

    /** A vector for sending up to {@code slots} datagrams, with {@code stagingBytes} for heap buffers. */
    public static MessageVector forSend(int slots, int stagingBytes) {
        return new MessageVector(slots, 0, stagingBytes, false);
    }

    public int slots() {
        return slots;
    }

    long address() {
        return memory.address();
    }

    // ---- receive -----------------------------------------------------------------------------

    /** Readies the first {@code count} slots for a recvmmsg: the name lengths back to capacity. */
    void prepareReceive(int count) {
        for (int i = 0; i < count; i++) {
            pointer.putInt((long) i * MMSGHDR_SIZE + MSG_NAMELEN, NAME_SIZE);
        }
    }

    /** Slot {@code i}'s datagram as a buffer from 0 to the bytes received (at most the slot's size). */
    public ByteBuffer received(int i) {
        int length = Math.min(pointer.getInt((long) i * MMSGHDR_SIZE + MSG_LEN), slotSize);
        ByteBuffer view = views[i];
        view.clear().limit(length);
        return view;
    }

    /** True when slot {@code i}'s datagram was longer than the slot (MSG_TRUNC in msg_flags). */
    public boolean truncated(int i) {
        return (pointer.getInt((long) i * MMSGHDR_SIZE + MSG_FLAGS) & LinuxConstants.MSG_TRUNC) != 0;
    }

    /** Slot {@code i}'s sender, through {@code codec}'s cache. */
    public SocketAddress sender(int i, SocketAddressCodec codec) {
        int length = pointer.getInt((long) i * MMSGHDR_SIZE + MSG_NAMELEN);
        return codec.decode(pointer, names - base + (long) i * NAME_SIZE, length);
    }

    // ---- send --------------------------------------------------------------------------------

    /**
     * Fills slot {@code i} with {@code datagram}'s remaining bytes (staged at {@code stagedBytes} when
     * it is a heap buffer) to {@code to} (null: the connected peer). Returns the staging bytes used
     * now, or -1 when a heap datagram does not fit what staging is left.
     */
    public int put(int i, ByteBuffer datagram, SocketAddress to, int stagedBytes, SocketAddressCodec codec) {
        int length = datagram.remaining();
        long address;
        int staged = 0;
        if (datagram.isDirect()) {
            address = addressOf(datagram) + datagram.position();
        } else {
            if (length > staging.capacity() - stagedBytes) {
                return -1;
            }
            staging.put(stagedBytes, datagram, datagram.position(), length);
            address = data + stagedBytes;
            staged = length;
        }
        slot(i, address, length, to, codec);
        return staged;
    }

    private void slot(int i, long address, int length, SocketAddress to, SocketAddressCodec codec) {
        long iovec = iovecs - base + (long) i * IOVEC_SIZE;
        pointer.putAddress(iovec, address);
        pointer.putLong(iovec + 8, length);
        long header = (long) i * MMSGHDR_SIZE;
        if (to == null) {
            pointer.putAddress(header + MSG_NAME, 0);
            pointer.putInt(header + MSG_NAMELEN, 0);
        } else {
            long name = names - base + (long) i * NAME_SIZE;
            pointer.putAddress(header + MSG_NAME, names + (long) i * NAME_SIZE);
            pointer.putInt(header + MSG_NAMELEN, codec.encode(to, pointer, name));
        }
    }

    /**
     * Copies {@code datagram}'s remaining bytes (without moving its position) into staging at
     * {@code stagedBytes} and fills slot {@code i} with them, to {@code to} (null: the connected
     * peer). Returns the staging bytes used, or -1 when they do not fit what staging has left.
     * Unlike {@link #put}, the slot does not point into the caller's buffer, which may change
     * before the batch is sent.
     */
    public int stage(int i, ByteBuffer datagram, SocketAddress to, int stagedBytes, SocketAddressCodec codec) {
        int length = datagram.remaining();
        if (length > staging.capacity() - stagedBytes) {
            return -1;
        }
        staging.put(stagedBytes, datagram, datagram.position(), length);
        slot(i, data + stagedBytes, length, to, codec);
        return length;
    }

    /** The bytes staged for slot {@code i}, as a new view (for the rare requeue of what was not sent). */
    public ByteBuffer stagedBytes(int i) {
        long iovec = iovecs - base + (long) i * IOVEC_SIZE;
        int offset = (int) (pointer.getAddress(iovec) - data);
        return staging.slice(offset, (int) pointer.getLong(iovec + 8));
    }

    /** The address of slot {@code i}'s mmsghdr, for a sendmmsg that starts there. */
    long address(int i) {
        return memory.address() + (long) i * MMSGHDR_SIZE;
    }

    /** The length of the datagram put into slot {@code i}. */
    int length(int i) {
        return (int) pointer.getLong(iovecs - base + (long) i * IOVEC_SIZE + 8);
    }

    /** Native address of direct buffer {@code direct}, remembering the last one asked for. */
    long addressOf(ByteBuffer direct) {
        if (direct != lastDirect) {
            lastAddress = IO.getDirectBufferAddress(direct);
            lastDirect = direct;
        }
        return lastAddress;
    }

    /** Frees the native memory. Idempotent. */
    public void free() {
        lastDirect = null;
        memory.free();
    }
}
