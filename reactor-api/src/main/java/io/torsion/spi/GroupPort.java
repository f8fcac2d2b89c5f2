package io.torsion.spi;

import io.torsion.api.ListeningPort;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A group's listening address: what listens on each loop (a socket per loop, or the acceptor's one
 * socket and the loops' hold on the factory), stopped together. Thread-safe.
 */
final class GroupPort implements ListeningPort {

    /** One loop's share: what to run on that loop's thread to stop it, and its socket if it has one. */
    record Part(EventLoop loop, Runnable stop, ListeningPort socket) {
    }

    private final Consumer<List<Part>> stopAll;
    private final List<Part> parts = new ArrayList<>();
    private SocketAddress address;
    private volatile boolean listening = true;

    GroupPort(Consumer<List<Part>> stopAll) {
        this.stopAll = stopAll;
    }

    /** Adds a loop's share; the first address given is the port's. */
    synchronized void add(EventLoop loop, Runnable stop, ListeningPort socket) {
        parts.add(new Part(loop, stop, socket));
        if (address == null && socket != null) {
            address = socket.address();
        }
    }

    /** Adds the share that must stop first (the acceptor, so nothing is handed over after). */
    synchronized void addFirst(EventLoop loop, ListeningPort socket) {
        parts.add(0, new Part(loop, socket::stopListening, socket));
        address = socket.address();
    }

    @Override
    public synchronized SocketAddress address() {
        return address;
    }

    @Override
    public void stopListening() {
        List<Part> toStop;
        synchronized (this) {
            if (!listening) {
                return;
            }
            listening = false;
            toStop = List.copyOf(parts);
        }
        stopAll.accept(toStop);
    }

    /** Until {@link #stopListening()}, or until the loops' own sockets stopped (the group stopped). */
    @Override
    public synchronized boolean isListening() {
        return listening && parts.stream().anyMatch(part -> part.socket() != null && part.socket().isListening());
    }

    @Override
    public String toString() {
        return "GroupPort[" + address() + ", " + parts.size() + " parts" + (listening ? "" : ", stopped") + "]";
    }
}
