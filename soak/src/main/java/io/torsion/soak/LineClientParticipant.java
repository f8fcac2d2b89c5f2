package io.torsion.soak;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The bundled line client ({@code torsion.jar client ENDPOINT}) as a well-behaved participant: a
 * child process fed lines on standard input whose standard output is read for what the server
 * sent, over TCP, a Unix socket or TLS. Closing its input must end it with status 0.
 */
final class LineClientParticipant implements AutoCloseable {

    private static final int LINES = 20;

    private final Process process;
    private final OutputStream stdin;
    private final Member stdout;

    private LineClientParticipant(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stdout = new Member("line-client-stdout", out::readLine, out);
    }

    static LineClientParticipant start(Rig rig, Link link) throws Exception {
        Addresses at = rig.addresses();
        String endpoint = switch (link) {
            case UNIX -> "unix:path=" + at.unix();
            case TLS -> "ssl:host=localhost:port=" + at.tls().getPort() + ":trustRoots=" + rig.work().caCertificate();
            default -> "tcp:host=127.0.0.1:port=" + at.tcp().getPort() + ":timeout=30";
        };
        rig.tally().count("line-client processes");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", rig.jar().toString(), "client", endpoint)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new LineClientParticipant(process);
    }

    void send(String line) throws Exception {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Standard input closed: the client must finish and exit 0 within the bound. */
    void finish(Rig rig) throws Exception {
        stdin.close();
        if (!process.waitFor(rig.answerBound().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the line client did not exit once its input closed");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the line client exited " + process.exitValue());
        }
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        stdout.close();
    }

    /** Against echo: every line typed comes back (after the greeting). */
    static void echo(Rig rig) throws Exception {
        try (LineClientParticipant client = start(rig, rig.anyLink())) {
            // Its JVM starts first: allow it more than one answer's bound for the greeting.
            String greeting = client.stdout.next(rig.answerBound().multipliedBy(4), "the line client's greeting");
            if (!greeting.startsWith("currently ")) {
                throw new IllegalStateException("line client printed " + greeting + " first");
            }
            String tag = rig.uniqueName("lc");
            for (int i = 0; i < LINES; i++) {
                client.send(tag + " " + i);
                String back = client.stdout.next(rig.answerBound(), "the echo of line " + i);
                if (!back.equals(tag + " " + i)) {
                    throw new IllegalStateException("line client printed \"" + back + "\" for \"" + tag + " " + i + "\"");
                }
                rig.tally().count("line-client lines echoed");
            }
            client.finish(rig);
        }
    }

    /** In the chat room: what it types reaches a member, and what the member says reaches it. */
    static void chatroom(Rig rig) throws Exception {
        try (LineClientParticipant client = start(rig, rig.roomMemberLink())) {
            String welcome = client.stdout.next(rig.answerBound().multipliedBy(4), "the line client's welcome");
            if (!welcome.startsWith("welcome ")) {
                throw new IllegalStateException("line client printed " + welcome + " first");
            }
            try (Member peer = ChatRoomDriver.join(rig, rig.roomMemberLink())) {
                String tag = rig.uniqueName("lc");
                for (int i = 0; i < LINES; i++) {
                    client.send(tag + " typed " + i);
                    peer.awaitEnding("> " + tag + " typed " + i, rig.answerBound());
                    peer.writeLine(tag + " said " + i);
                    client.stdout.awaitEnding("> " + tag + " said " + i, rig.answerBound());
                    rig.tally().add("line-client lines delivered", 2);
                }
            }
            client.finish(rig);
        }
    }
}
