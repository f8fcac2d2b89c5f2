package io.torsion.soak;

import java.nio.file.Path;
import java.util.List;

/**
 * What the soak knows about one bundled app: how to start it, where it then listens, its client
 * mix (well-behaved clients of its protocol and abusive ones), its health probe, and the checks
 * of what it owes its clients once the load is over.
 */
interface AppDriver {

    /** The launcher's name for it: {@code echo}, {@code chat}, ... */
    String app();

    /** The launcher's arguments after the app's name and {@code --reactor}. */
    List<String> serverArgs(Workspace work);

    /** Where the server listens, from the addresses of its ready line (in the order of {@link #serverArgs}). */
    Addresses addresses(List<String> ready, Workspace work);

    /** Every client type of the mix, with how many copies of each run at once. */
    List<ClientKind> clients();

    /** One health check: a fresh well-behaved client served within the rig's bound, or an exception. */
    void probe(Rig rig) throws Exception;

    /** Violations of what the app owes its clients, checked once the server has stopped (none: empty). */
    List<String> finalChecks(Rig rig, Workspace work) throws Exception;

    /** Every app the soak drives, by name. */
    static AppDriver named(String app) {
        return switch (app) {
            case "echo" -> new EchoDriver();
            case "chat" -> new ChatDriver();
            case "chatroom" -> new ChatRoomDriver();
            case "log" -> new LogDriver();
            case "udpecho" -> new UdpEchoDriver();
            default -> throw new IllegalArgumentException("no soak for app " + app
                    + " (known: echo, chat, chatroom, log, udpecho)");
        };
    }

    /** Every app the soak drives. */
    List<String> ALL = List.of("echo", "chat", "chatroom", "log", "udpecho");

    /** The files of one run: a directory for reports and logs, a short one for Unix sockets, the TLS keys. */
    record Workspace(Path dir, Path socketDir, Path serverKey, Path serverChain, Path caCertificate) {
    }
}
