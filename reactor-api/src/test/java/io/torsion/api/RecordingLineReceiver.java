package io.torsion.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** A LineReceiver that records what it hears; tests plug behaviour in through the hooks. */
class RecordingLineReceiver extends LineReceiver {

    final List<String> lines = new ArrayList<>();
    final List<String> raw = new ArrayList<>();
    final List<String> tooLong = new ArrayList<>();
    final List<ConnectionClosed> lost = new ArrayList<>();
    Consumer<String> onLine = line -> { };
    Consumer<String> onRaw = data -> { };
    /** Runs instead of the default lineLengthExceeded when set. */
    Consumer<String> onTooLong;

    @Override
    protected void lineReceived(String line) {
        lines.add(line);
        onLine.accept(line);
    }

    @Override
    protected void rawDataReceived(ByteBuffer data) {
        String text = StandardCharsets.UTF_8.decode(data).toString();
        raw.add(text);
        onRaw.accept(text);
    }

    @Override
    protected void lineLengthExceeded(ByteBuffer lineSoFar) {
        String text = StandardCharsets.UTF_8.decode(lineSoFar).toString();
        tooLong.add(text);
        if (onTooLong == null) {
            super.lineLengthExceeded(lineSoFar);
        } else {
            onTooLong.accept(text);
        }
    }

    @Override
    public void connectionLost(ConnectionClosed reason) {
        lost.add(reason);
    }

    void receive(String text) {
        dataReceived(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    String rawJoined() {
        return String.join("", raw);
    }
}
