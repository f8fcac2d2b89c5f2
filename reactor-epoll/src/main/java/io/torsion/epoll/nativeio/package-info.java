/**
 * The native layer of the epoll backend: raw libc calls bound by jnr-ffi ({@link
 * io.torsion.epoll.nativeio.LibC}), descriptor owners that turn -1/errno into results or precise
 * exceptions ({@link io.torsion.epoll.nativeio.Fd} and its subclasses), and the native structs laid
 * out by hand. errno and struct offsets never leave this package; see native-notes.md.
 */
package io.torsion.epoll.nativeio;
