package io.torsion.api;

import java.util.OptionalLong;

/**
 * Who is at the other end of a Unix domain socket, as the kernel saw it at connect time.
 *
 * @param uid the peer's effective user id
 * @param gid the peer's effective group id
 * @param pid the peer's process id, empty when the backend cannot see it (the select backend:
 *     the JDK reports only user and group)
 */
public record PeerCredentials(int uid, int gid, OptionalLong pid) {
}
