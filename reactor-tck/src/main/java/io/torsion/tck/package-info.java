/**
 * The conformance kit: JUnit 5 tests that drive a {@link io.torsion.api.Reactor} over real loopback
 * sockets, with plain blocking {@link java.net.Socket} and {@link java.net.DatagramSocket} clients as
 * the other side (multicast in a child JVM in a network namespace of its own, see
 * {@link io.torsion.tck.MulticastCheck}). Tests are grouped
 * by topic in interfaces; a backend runs all of them with one subclass of
 * {@link io.torsion.tck.BackendConformance} that names its reactor, and a representative subset on
 * two-loop reactor groups with {@link io.torsion.tck.GroupConformance}, once per listening strategy.
 */
package io.torsion.tck;
