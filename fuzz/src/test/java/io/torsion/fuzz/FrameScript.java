package io.torsion.fuzz;

import io.torsion.api.FramingProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a fuzzed framer does with its frames, shared by every framer target: it records each
 * callback as text (the outcome the chunkings must agree on), and, when commands are on, a frame's
 * first byte drives the framer from inside its callback, as real protocols do: {@code R<n>} raw mode
 * for n%20*3+1 bytes and back with the leftover, {@code P} pause, {@code C} take what is undelivered
 * and feed it back, {@code M<n>} maxLength n%10*2, {@code Q} close. Raw data is recorded as one
 * event per raw stretch, since where a transport cuts it is not the framer's choice.
 */
public final class FrameScript {

    public final List<String> events = new ArrayList<>();
    private final FramingProtocol framer;
    private final boolean commands;
    private final ByteBuffer rawSoFar = ByteBuffer.allocate(64);
    private int rawLeft;
    private int largestMax;
    private boolean finished;

    public FrameScript(FramingProtocol framer, boolean commands) {
        this.framer = framer;
        this.commands = commands;
        this.largestMax = framer.maxLength();
    }

    /** Call after the settings: the limit memory is checked against starts from the framer's maxLength. */
    public void started() {
        largestMax = framer.maxLength();
    }

    /** The largest maxLength the framer has had: what it may buffer, framing aside. */
    public int largestMaxLength() {
        return largestMax;
    }

    /** A frame arrived: checks it is within the limit, records it, runs its command. */
    public void frame(char kind, ByteBuffer frame) {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        check(!finished, "a frame after the input was declared broken");
        check(bytes.length <= framer.maxLength(),
                "a frame of " + bytes.length + " bytes passed maxLength " + framer.maxLength());
        events.add(kind + HexFormat.of().formatHex(bytes));
        if (commands && bytes.length > 0) {
            command(bytes);
        }
    }

    /** The framer gave up on the input (broken or too long); nothing may follow. */
    public void broken(String what) {
        check(!finished, "broken twice: " + what);
        events.add("E " + what);
        finished = true;
    }

    /** Over-long input that the framer may recover from (a line): records it, nothing else. */
    public void event(String what) {
        events.add(what);
    }

    private void command(byte[] frame) {
        int argument = frame.length > 1 ? frame[1] & 0xff : 0;
        switch (frame[0]) {
            case 'R' -> {
                rawLeft = argument % 20 * 3 + 1;
                framer.setRawMode();
            }
            case 'P' -> framer.pauseProducing();
            case 'C' -> framer.dataReceived(ByteBuffer.wrap(framer.takeUndelivered()));
            case 'M' -> {
                framer.setMaxLength(argument % 10 * 2);
                largestMax = Math.max(largestMax, framer.maxLength());
            }
            case 'Q' -> framer.stopProducing();
            default -> { }
        }
    }

    /** Raw data arrived: takes what raw mode was asked for, hands the rest back as framed input. */
    public void raw(ByteBuffer data) {
        check(rawLeft > 0, "raw data after raw mode ended");
        int take = Math.min(rawLeft, data.remaining());
        ByteBuffer mine = data.duplicate();
        mine.limit(mine.position() + take);
        rawSoFar.put(mine);
        rawLeft -= take;
        if (rawLeft == 0) {
            byte[] extra = new byte[data.remaining() - take];
            data.get(data.position() + take, extra);
            endRaw();
            framer.setFramedMode(extra);
        }
    }

    /** Records the raw stretch so far; called when raw mode ends and when the input does. */
    public void endRaw() {
        if (rawSoFar.position() > 0) {
            events.add("R" + HexFormat.of().formatHex(rawSoFar.array(), 0, rawSoFar.position()));
            rawSoFar.clear();
        }
    }

    public static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
