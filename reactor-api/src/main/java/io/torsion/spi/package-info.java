/**
 * The machinery every backend shares: the event loop, the stream connection and listener logic,
 * connectors, child processes ({@link io.torsion.spi.ChildProcess} over three pipe connections), the
 * datagram port logic over a backend's {@link io.torsion.spi.DatagramHandle}, the timer heap, the
 * write queue, and reactor groups ({@link io.torsion.spi.LoopGroup}: loops of one backend, and an
 * acceptor that hands accepted handles to them). A backend supplies handles ({@link io.torsion.spi.StreamHandle},
 * {@link io.torsion.spi.ListenerHandle}) and registrars for its readiness mechanism, and adds a kind
 * of stream socket with one {@link io.torsion.spi.StreamOpener}; users never need this package.
 */
package io.torsion.spi;
