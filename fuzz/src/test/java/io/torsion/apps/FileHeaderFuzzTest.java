package io.torsion.apps;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.torsion.fuzz.FrameScript;
import io.torsion.fuzz.FuzzInput;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The file-transfer header of the {@code files} app, the receiving side's one parser of untrusted
 * bytes, under any 48 bytes and any size limit: it returns a header or throws
 * {@link FileHeader.BadHeader}, nothing else. A header has a size from 0 to the limit and a plain
 * file name (not empty, no {@code /}, not {@code .} or {@code ..}, no NUL) that encodes back to a
 * header parsing the same; a bad name can be skipped (the body's size), a bad size cannot (-1); the
 * parser reads exactly its 48 bytes.
 *
 * <p>Settings bytes: the size limit as one byte (0 to 254, or 255 for {@link Long#MAX_VALUE}); then
 * the header, padded with zeros to 48 bytes.
 */
class FileHeaderFuzzTest {

    @FuzzTest
    void parsesOrSaysWhyAndRoundTrips(byte[] data) throws FileHeader.BadHeader {
        FuzzInput in = new FuzzInput(data);
        int limit = in.nextByte();
        long maxSize = limit == 255 ? Long.MAX_VALUE : limit;
        byte[] bytes = Arrays.copyOf(in.take(FileHeader.SIZE + 8), FileHeader.SIZE + 8);
        ByteBuffer raw = ByteBuffer.wrap(bytes);
        FileHeader header;
        try {
            header = FileHeader.parse(raw, maxSize);
        } catch (FileHeader.BadHeader bad) {
            FrameScript.check(bad.getMessage() != null && !bad.getMessage().isEmpty(), "a refusal without a reason");
            FrameScript.check(bad.skip() == -1 || (bad.skip() >= 0 && bad.skip() <= maxSize),
                    "skip " + bad.skip() + " with the limit " + maxSize);
            FrameScript.check(raw.position() == FileHeader.SIZE, "read " + raw.position() + " bytes of a header");
            return;
        }
        FrameScript.check(raw.position() == FileHeader.SIZE, "read " + raw.position() + " bytes of a header");
        FrameScript.check(header.size() >= 0 && header.size() <= maxSize, header + " with the limit " + maxSize);
        String name = header.name();
        FrameScript.check(!name.isEmpty() && name.indexOf('/') < 0 && name.indexOf('\0') < 0
                && !name.equals(".") && !name.equals(".."), "not a plain file name: " + header);
        FileHeader again = FileHeader.parse(FileHeader.encode(name, header.size()), maxSize);
        FrameScript.check(again.name().equals(name) && again.size() == header.size(),
                header + " encodes to " + again);
    }
}
