/**
 * The conformance kit: JUnit 5 tests that drive a {@link io.torsion.api.Reactor} over real loopback
 * sockets, with plain blocking {@link java.net.Socket} clients as the other side. Tests are grouped
 * by topic in interfaces; a backend runs all of them with one subclass of
 * {@link io.torsion.tck.ReactorConformance} that names its reactor.
 */
package io.torsion.tck;
