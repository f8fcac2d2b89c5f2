package com.example.kv;

import io.torsion.api.App;
import io.torsion.api.Factory;
import java.util.List;
import java.util.Map;

/** The key-value server as an app of the torsion launcher: {@code torsion kv --listen tcp:6379}. */
public final class KvApp implements App {

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public String description() {
        return "A key-value store: SET key value, GET key, DEL key, QUIT.";
    }

    @Override
    public List<Option> options() {
        return List.of(new Option("max-line", "Longest command accepted, in bytes.", "16384"));
    }

    @Override
    public Factory factory(Map<String, String> options) {
        int maxLine;
        try {
            maxLine = Integer.parseInt(options.get("max-line"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-line: '" + options.get("max-line") + "' is not a whole number");
        }
        if (maxLine < 1) {
            throw new IllegalArgumentException("--max-line must be at least 1");
        }
        return new KvFactory(maxLine);
    }
}
