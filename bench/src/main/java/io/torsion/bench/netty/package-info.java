/**
 * The Netty servers the bench compares torsion against: echo on the native epoll and NIO transports
 * (TCP, Unix sockets on epoll, TLS), UDP echo on epoll, and a broadcast chat room on epoll; one
 * event-loop thread each unless told more. They live here so Netty stays a dependency of the bench
 * module only.
 */
package io.torsion.bench.netty;
