package com.example.kv;

import io.torsion.api.LineReceiver;
import java.util.Map;

/**
 * One client of the key-value server. Commands, one per line:
 * {@code SET key value} answers {@code OK}; {@code GET key} answers {@code VALUE value} or
 * {@code NOT_FOUND}; {@code DEL key} answers {@code DELETED} or {@code NOT_FOUND}; {@code QUIT}
 * answers {@code BYE} and closes. Anything else gets {@code ERROR} and a reason.
 */
public final class KvProtocol extends LineReceiver {

    private final Map<String, String> store;

    /** A protocol over {@code store}, which its factory shares between connections. */
    public KvProtocol(Map<String, String> store) {
        this.store = store;
        setAcceptBareNewline(true);
    }

    @Override
    protected void lineReceived(String line) {
        String[] words = line.split(" ", 3);
        switch (words[0].toUpperCase(java.util.Locale.ROOT)) {
            case "SET" -> {
                if (words.length < 3) {
                    sendLine("ERROR usage: SET key value");
                } else {
                    store.put(words[1], words[2]);
                    sendLine("OK");
                }
            }
            case "GET" -> answer(words, store.get(argument(words)), "VALUE ");
            case "DEL" -> answer(words, store.remove(argument(words)), "DELETED");
            case "QUIT" -> {
                sendLine("BYE");
                transport.loseConnection();
            }
            default -> sendLine("ERROR unknown command: " + words[0]);
        }
    }

    private void answer(String[] words, String value, String found) {
        if (words.length != 2) {
            sendLine("ERROR usage: " + words[0] + " key");
        } else if (value == null) {
            sendLine("NOT_FOUND");
        } else {
            sendLine(found.endsWith(" ") ? found + value : found);
        }
    }

    private static String argument(String[] words) {
        return words.length == 2 ? words[1] : "";
    }
}
