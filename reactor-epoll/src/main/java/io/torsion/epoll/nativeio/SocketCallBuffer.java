package io.torsion.epoll.nativeio;

import io.torsion.api.PeerCredentials;
import java.net.InetSocketAddress;
import java.util.OptionalLong;
import jnr.ffi.Pointer;

/**
 * The native memory through which socket calls pass their small arguments: a socket address, its
 * length, and an int option value. One per reactor thread, allocated once, so accept, connect and
 * setsockopt allocate no native memory per call.
 *
 * <p>Addresses are built and parsed by {@link SocketAddressCodec}, which documents the layouts.
 * The storage is sized as {@code struct sockaddr_storage} (128 bytes) so that whatever the kernel
 * writes for accept or getpeername fits. Not thread-safe.
 */
public final class SocketCallBuffer {

    /** sizeof(struct sockaddr_storage), {@code <bits/socket.h>}. */
    static final int SOCKADDR_STORAGE_SIZE = SocketAddressCodec.SOCKADDR_STORAGE_SIZE;
    /** sizeof(struct ucred), what SO_PEERCRED fills. */
    static final int UCRED_SIZE = 12;

    private static final int LENGTH_OFFSET = SOCKADDR_STORAGE_SIZE; // socklen_t, 4 bytes
    private static final int INT_VALUE_OFFSET = LENGTH_OFFSET + 4; // an int socket option
    private static final int INT_LENGTH_OFFSET = INT_VALUE_OFFSET + 4; // its socklen_t
    /** Room for the largest option struct passed, struct group_source_req (264 bytes on LP64). */
    static final int OPTION_STRUCT_SIZE = 264;
    private static final int TOTAL = INT_LENGTH_OFFSET + 4;

    private final NativeMemory memory = NativeMemory.allocate(TOTAL);
    private final Pointer pointer = memory.pointer();
    private final NativeMemory optionMemory = NativeMemory.allocate(OPTION_STRUCT_SIZE);
    private final Pointer optionView = optionMemory.pointer();

    /** Writes {@code address} as a sockaddr_in or sockaddr_in6; returns its length (16 or 28). */
    int putAddress(InetSocketAddress address) {
        return SocketAddressCodec.putInet(address, pointer, 0);
    }

    /** Writes any supported address (IP or Unix); returns its length. */
    int putAddress(java.net.SocketAddress address) {
        return SocketAddressCodec.put(address, pointer, 0);
    }

    /** Writes {@code address} through {@code codec} (and its cache); returns its length. */
    int putAddress(java.net.SocketAddress address, SocketAddressCodec codec) {
        return codec.encode(address, pointer, 0);
    }

    /** Parses the sockaddr the kernel wrote (after accept, getsockname, getpeername). */
    InetSocketAddress getAddress() {
        return SocketAddressCodec.getInet(pointer, 0);
    }

    /** Parses the sockaddr of {@code length} bytes the kernel wrote, of any supported family. */
    java.net.SocketAddress getAddress(int length) {
        if ((pointer.getShort(0) & 0xFFFF) == LinuxConstants.AF_UNIX) {
            return SocketAddressCodec.getUnix(pointer, 0, length);
        }
        return getAddress();
    }

    /** Parses the ucred SO_PEERCRED wrote at the start of the storage ({@code <bits/socket.h>}: pid, uid, gid). */
    PeerCredentials getCredentials() {
        return new PeerCredentials(pointer.getInt(4), pointer.getInt(8), OptionalLong.of(pointer.getInt(0)));
    }

    /** Sets the value-result socklen_t to {@code capacity} and returns its address. */
    long lengthPointerFor(int capacity) {
        pointer.putInt(LENGTH_OFFSET, capacity);
        return memory.address() + LENGTH_OFFSET;
    }

    /** The socklen_t the kernel wrote back after a value-result call. */
    int returnedLength() {
        return pointer.getInt(LENGTH_OFFSET);
    }

    /** The scratch area for a socket option struct (up to {@link #OPTION_STRUCT_SIZE} bytes), zeroed. */
    Pointer optionStruct() {
        optionView.setMemory(0, OPTION_STRUCT_SIZE, (byte) 0);
        return optionView;
    }

    /** The address of {@link #optionStruct()}. */
    long optionStructPointer() {
        return optionMemory.address();
    }

    /** Address of the sockaddr storage. */
    long addressPointer() {
        return memory.address();
    }

    /** Sets the value-result socklen_t to the storage capacity and returns its address. */
    long lengthPointerForCapacity() {
        pointer.putInt(LENGTH_OFFSET, SOCKADDR_STORAGE_SIZE);
        return memory.address() + LENGTH_OFFSET;
    }

    /** Stores {@code value} as the int option argument and returns its address. */
    long intValuePointer(int value) {
        pointer.putInt(INT_VALUE_OFFSET, value);
        return memory.address() + INT_VALUE_OFFSET;
    }

    /** The address of the int option argument, its length set to 4, for getsockopt. */
    long intLengthPointer() {
        pointer.putInt(INT_LENGTH_OFFSET, 4);
        return memory.address() + INT_LENGTH_OFFSET;
    }

    /** The int a getsockopt wrote. */
    int intValue() {
        return pointer.getInt(INT_VALUE_OFFSET);
    }

    /**
     * Stores {@code value} as an off_t (8 bytes on LP64, {@code <sys/types.h>}) at the start of the
     * option scratch area, 8-aligned as malloc'd memory is, and returns its address, for sendfile.
     */
    long offsetPointer(long value) {
        optionView.putLong(0, value);
        return optionMemory.address();
    }

    /** Frees the native memory. Idempotent. */
    public void free() {
        memory.free();
        optionMemory.free();
    }

    /** A new buffer; the caller owns it and frees it. */
    public static SocketCallBuffer allocate() {
        return new SocketCallBuffer();
    }

    private SocketCallBuffer() {
    }
}
