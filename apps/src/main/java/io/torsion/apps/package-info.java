/**
 * The bundled apps: echo, private chat, chat room, logging server and a line client, each a
 * {@link io.torsion.api.Protocol} and a {@link io.torsion.api.Factory} in one short class, plus the
 * {@code torsion} launcher that runs them on any backend. Read these first to learn the API. The
 * logging server's disk side sits in two classes of its own: {@code GroupCommit} (batches, answers,
 * back-pressure) and {@code LogFile} (append whole or not at all). What the chat apps share when
 * several loops serve them is in {@code ChatRoom} (the loops of one room) and {@code Mailboxes}
 * (names and mailboxes, under one lock).
 */
package io.torsion.apps;
