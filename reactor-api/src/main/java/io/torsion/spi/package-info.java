/**
 * The machinery every backend shares: the event loop, the stream transport logic, the datagram port
 * logic over a backend's {@link io.torsion.spi.DatagramHandle}, the timer heap and the write queue. Backends subclass what is here and add only "wait for readiness" and the raw
 * socket calls; users never need this package.
 */
package io.torsion.spi;
