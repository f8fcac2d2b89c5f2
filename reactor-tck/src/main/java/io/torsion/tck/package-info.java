/**
 * The conformance kit: abstract JUnit 5 tests that drive a {@link io.torsion.api.Reactor} over real
 * loopback sockets, with plain blocking {@link java.net.Socket} clients as the other side. A backend
 * runs all of it with one subclass of {@link io.torsion.tck.ReactorConformance} that names its
 * reactor, or picks topics by subclassing the topic classes one by one.
 */
package io.torsion.tck;
