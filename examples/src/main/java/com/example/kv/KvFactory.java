package com.example.kv;

import io.torsion.api.Factory;
import io.torsion.api.Protocol;
import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Holds the store every connection shares. Everything runs on the reactor thread, so a plain map
 * needs no lock. Has a public no-argument constructor, so {@code torsion run --factory} can make it.
 */
public final class KvFactory implements Factory {

    private final Map<String, String> store = new HashMap<>();
    private final int maxLine;

    /** A factory whose connections accept lines of up to 16384 bytes. */
    public KvFactory() {
        this(16384);
    }

    /** A factory whose connections accept lines of up to {@code maxLine} bytes. */
    public KvFactory(int maxLine) {
        this.maxLine = maxLine;
    }

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
        KvProtocol protocol = new KvProtocol(store);
        protocol.setMaxLength(maxLine);
        return protocol;
    }

    @Override
    public void stopFactory() {
        // Runs after every connection closed: the place to save the store somewhere.
        System.out.println("kv stopped with " + store.size() + " keys");
        System.out.flush();
    }
}
