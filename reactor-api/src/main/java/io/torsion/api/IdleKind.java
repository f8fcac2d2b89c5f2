package io.torsion.api;

/** What a connection's idle timeout watches, as Netty's {@code IdleState}. */
public enum IdleKind {
    /** Nothing was read for the interval. */
    READ,
    /** Nothing the protocol wrote reached the kernel for the interval. */
    WRITE,
    /** Nothing was read and nothing written for the interval. */
    ALL
}
