package io.torsion.soak;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The part every stream app shares: it listens on TCP, on a Unix socket and on TLS at once, so
 * each client can pick any of them, and it gets {@link Abuse}'s abusive clients for its requests.
 */
abstract class StreamApp implements AppDriver {

    /** Line apps' limit (the launcher's default {@code --max-line}). */
    static final int MAX_LINE = 16384;

    /** The app's own well-behaved clients. */
    abstract List<ClientKind> wellBehaved();

    /** What its requests look like, for the abusive clients. */
    abstract Abuse.Script script();

    /** Options of its own, after the endpoints. */
    List<String> options(Workspace work) {
        return List.of();
    }

    @Override
    public final List<String> serverArgs(Workspace work) {
        List<String> args = new ArrayList<>(List.of(
                "--listen", "tcp:0:interface=127.0.0.1",
                "--listen", "unix:" + work.socketDir().resolve(app() + ".sock"),
                "--listen", "ssl:0:interface=127.0.0.1:privateKey=" + work.serverKey() + ":certKey=" + work.serverChain()));
        args.addAll(options(work));
        return args;
    }

    @Override
    public final Addresses addresses(List<String> ready, Workspace work) {
        return new Addresses(hostPort(ready.get(0)), Path.of(ready.get(1).substring("unix:".length())),
                hostPort(ready.get(2)), Tls.clientContext(work.caCertificate()), null);
    }

    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    @Override
    public final List<ClientKind> clients() {
        List<ClientKind> all = new ArrayList<>(wellBehaved());
        all.addAll(Abuse.clients(script()));
        return all;
    }

    @Override
    public List<String> finalChecks(Rig rig, Workspace work) throws Exception {
        return List.of();
    }

    /** Random printable text with some non-ASCII letters, so UTF-8 goes through every path. */
    static String text(Rig rig, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int pick = rig.random().nextInt(40);
            text.append(pick == 0 ? 'é' : pick == 1 ? 'ж' : (char) ('a' + rig.random().nextInt(26)));
        }
        return text.toString();
    }
}
