package io.torsion.select;

import io.torsion.api.PeerCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Peer credentials through the JDK's {@code SO_PEERCRED}, which names the user and group but gives
 * no pid. The JDK turns the ids into names with the system's user database and falls back to the
 * decimal id when a name is unknown; this maps them back the same way ({@code /etc/passwd},
 * {@code /etc/group}).
 */
final class UnixCredentials {

    private UnixCredentials() {
    }

    static PeerCredentials of(SocketChannel channel) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        int uid = id(principal.user().getName(), Path.of("/etc/passwd"));
        int gid = id(principal.group().getName(), Path.of("/etc/group"));
        return new PeerCredentials(uid, gid, OptionalLong.empty());
    }

    /** The numeric id of {@code name}: the name itself when it is a number, else its entry in {@code database}. */
    static int id(String name, Path database) throws IOException {
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(name);
        }
        List<String> lines = Files.readAllLines(database);
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length > 2 && fields[0].equals(name)) {
                return Integer.parseInt(fields[2]);
            }
        }
        throw new IOException("the peer's " + name + " is not in " + database + "; its numeric id is unknown");
    }
}
