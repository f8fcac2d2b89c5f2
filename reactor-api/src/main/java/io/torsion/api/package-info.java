/**
 * What torsion users program against: {@link io.torsion.api.Protocol}, {@link io.torsion.api.Factory},
 * {@link io.torsion.api.Transport} and {@link io.torsion.api.Reactor}, plus the framing protocols
 * built on them, and for datagrams {@link io.torsion.api.DatagramProtocol} with
 * {@link io.torsion.api.DatagramTransport} and {@link io.torsion.api.UdpTransport}. Nothing here names a backend; {@link io.torsion.api.Reactors} finds one at startup.
 */
package io.torsion.api;
