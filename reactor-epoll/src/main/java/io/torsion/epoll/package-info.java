/**
 * The native Linux backend: an epoll reactor, level- or edge-triggered, over the jnr-ffi bindings in
 * {@code io.torsion.epoll.nativeio}. It supplies only waiting, dispatch and the raw socket calls; the
 * shared logic in {@code io.torsion.spi} does the rest. Users pick it by name through
 * {@link io.torsion.api.Reactors}; nothing here is public API but the providers.
 */
package io.torsion.epoll;
