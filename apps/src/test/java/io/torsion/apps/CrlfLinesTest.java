package io.torsion.apps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.torsion.api.testing.EverySplit;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrlfLinesTest {

    private static String translated(String input, int[] cuts) {
        CrlfLines crlf = new CrlfLines();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EverySplit.feed(chunk -> out.writeBytes(crlf.translate(chunk)), input.getBytes(UTF_8), cuts, false);
        out.writeBytes(crlf.finish());
        return out.toString(UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a\\nb\\n|a\\r\\nb\\r\\n",
        "a\\r\\nb\\r\\n|a\\r\\nb\\r\\n",
        "\\n\\n|\\r\\n\\r\\n",
        "open line|open line\\r\\n",
        "ends in cr\\r|ends in cr\\r\\n",
        "lone\\rcr\\n|lone\\rcr\\r\\n",
        "|",
    })
    void everyLineEndsInCrlfWhateverTheReads(String input, String expected) {
        String in = unescape(input == null ? "" : input);
        String want = unescape(expected == null ? "" : expected);
        for (int[] cuts : EverySplit.everyCut(in.length())) {
            assertEquals(want, translated(in, cuts), "cut at " + Arrays.toString(cuts));
        }
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
