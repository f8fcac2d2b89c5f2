/**
 * Test doubles for code written against the torsion API: {@link io.torsion.api.testing.ManualClock},
 * a {@link io.torsion.api.Scheduler} whose time moves only when the test says so, and
 * {@link io.torsion.api.testing.StringTransport}, a {@link io.torsion.api.Transport} that records
 * what a protocol writes, and {@link io.torsion.api.testing.RecordingDatagramTransport}, which
 * records the datagrams a {@link io.torsion.api.DatagramProtocol} sends. With them a protocol is tested in microseconds, with no sockets and no
 * sleeping.
 */
package io.torsion.api.testing;
