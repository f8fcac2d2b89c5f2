package com.example.kv;

import io.torsion.api.Reactor;
import io.torsion.api.Reactors;
import java.net.InetSocketAddress;

/**
 * {@code java -cp ... com.example.kv.KvServer [PORT]}: serves on 127.0.0.1 (port 0 picks a free
 * one) on the best backend here, or the one {@code -Dtorsion.reactor=NAME} names, until SIGINT or
 * SIGTERM.
 */
public final class KvServer {

    private KvServer() {
    }

    public static void main(String[] args) throws Exception {
        Reactors.trapSignals();
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6379;
        Reactor reactor = Reactors.createDefault();
        int bound = reactor.listenTcp(new InetSocketAddress("127.0.0.1", port), new KvFactory()).port();
        System.out.println("kv listening on " + bound + " (reactor " + reactor.name() + ")");
        System.out.flush();
        Reactors.runUntilSignalled(reactor);
    }
}
