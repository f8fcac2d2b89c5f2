/**
 * The Netty echo servers the bench compares torsion against: native epoll and NIO transports, one
 * event-loop thread each. They live here so Netty stays a dependency of the bench module only.
 */
package io.torsion.bench.netty;
