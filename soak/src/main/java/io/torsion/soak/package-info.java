/**
 * The soak harness: each bundled server run as a child of {@code torsion.jar} on one backend and
 * driven by bounded loops of well-behaved and abusive clients over TCP, Unix sockets, TLS and UDP,
 * while its descriptors, threads, memory and health are read from {@code /proc} and {@code jcmd}.
 * A run passes when no well-behaved client was failed, the server stayed up and answered, and
 * every figure came back to its baseline once the load stopped.
 */
package io.torsion.soak;
