/**
 * The native Linux backend: an epoll reactor, level- or edge-triggered, over the jnr-ffi bindings in
 * {@code io.torsion.epoll.nativeio}. It supplies waiting and dispatch, and handles (the raw socket
 * calls, each its own epoll registration) that the shared logic in {@code io.torsion.spi} owns. Users pick it by name through
 * {@link io.torsion.api.Reactors}; nothing here is public API but the providers.
 */
package io.torsion.epoll;
