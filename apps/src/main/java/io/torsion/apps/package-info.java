/**
 * The bundled apps: echo, private chat, chat room, logging server and a line client, each a
 * {@link io.torsion.api.Protocol} and a {@link io.torsion.api.Factory} in one short class, plus the
 * {@code torsion} launcher that runs them on any backend. Read these first to learn the API.
 */
package io.torsion.apps;
