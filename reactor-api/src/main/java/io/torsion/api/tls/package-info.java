/**
 * TLS as a layer over any stream transport: {@link io.torsion.api.tls.TlsOptions} says how a side
 * behaves, {@link io.torsion.api.tls.TlsFactories} wraps a factory so that its protocols speak TLS
 * unchanged, and {@link io.torsion.api.tls.TlsSession} says what a handshake agreed. The layer uses
 * the JDK's {@code SSLEngine} and touches no backend code, so it runs on every reactor.
 */
package io.torsion.api.tls;
