package io.torsion.epoll.nativeio;

/**
 * The 64-bit {@code data.u64} stored with each epoll registration: a generation in the high 32 bits
 * and the fd in the low 32 bits.
 *
 * <p>The kernel hands out the lowest free fd number, so a number closed a moment ago comes back on
 * the very next accept. An event still queued for the old registration (read from the events array
 * after the close, in the same round) then names the new connection's fd; comparing the generation
 * with the one recorded for the live registration tells the two apart, and the stale event is
 * dropped.
 */
public final class RegistrationTag {

    private RegistrationTag() {
    }

    /** The tag for {@code fd} registered as generation {@code generation}. */
    public static long of(int fd, int generation) {
        return ((long) generation << 32) | (fd & 0xFFFF_FFFFL);
    }

    /** The fd in {@code tag}. */
    public static int fd(long tag) {
        return (int) tag;
    }

    /** The generation in {@code tag}. */
    public static int generation(long tag) {
        return (int) (tag >>> 32);
    }
}
