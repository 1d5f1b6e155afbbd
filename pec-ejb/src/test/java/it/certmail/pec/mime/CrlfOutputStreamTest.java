package it.certmail.pec.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class CrlfOutputStreamTest {

    private static String crlf(String in, boolean loneCrKept, boolean byteByByte) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (CrlfOutputStream out = new CrlfOutputStream(sink, loneCrKept)) {
            byte[] b = in.getBytes(StandardCharsets.ISO_8859_1);
            if (byteByByte) {
                for (byte x : b) {
                    out.write(x);
                }
            } else {
                out.write(b);
            }
        }
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void bareLfAndLoneCrBecomeCrlf() throws IOException {
        for (boolean single : new boolean[] {true, false}) {
            assertEquals("a\r\nb\r\nc\r\nd\r\n", crlf("a\nb\r\nc\rd\r", false, single));
            assertEquals("a\r\nb\r\nc\rd\r", crlf("a\nb\r\nc\rd\r", true, single));
            assertEquals("\r\n\r\n", crlf("\n\n", false, single));
            assertEquals("x\r\n\r\ny", crlf("x\r\r\ny", false, single));
        }
    }

    @Test
    void reportsChangesAndEightBit() throws IOException {
        CrlfOutputStream out = new CrlfOutputStream(new ByteArrayOutputStream());
        out.write("plain\r\n".getBytes(StandardCharsets.US_ASCII));
        assertFalse(out.changed());
        assertFalse(out.eightBit());
        out.write(new byte[] {'x', (byte) 0xE8, '\n'});
        assertTrue(out.changed());
        assertTrue(out.eightBit());
        assertEquals(11, out.written());
    }

    /**
     * Whatever the chunks the bytes come in, bulk writes give the same bytes, counts and flags as writing byte by
     * byte (CRLF pairs pass inside runs, a CR at the end of a chunk waits for the next one).
     */
    @Test
    void chunkedWritesEqualByteByByte() throws IOException {
        Random random = new Random(15);
        byte[] alphabet = {'a', 'b', '\r', '\n', (byte) 0xE8, ' '};
        for (int round = 0; round < 5000; round++) {
            byte[] in = new byte[random.nextInt(40)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            boolean loneCrKept = random.nextBoolean();
            ByteArrayOutputStream oneSink = new ByteArrayOutputStream();
            CrlfOutputStream one = new CrlfOutputStream(oneSink, loneCrKept);
            for (byte x : in) {
                one.write(x);
            }
            one.finish();
            ByteArrayOutputStream bulkSink = new ByteArrayOutputStream();
            CrlfOutputStream bulk = new CrlfOutputStream(bulkSink, loneCrKept);
            int at = 0;
            while (at < in.length) {
                int n = 1 + random.nextInt(in.length - at);
                bulk.write(in, at, n);
                at += n;
            }
            bulk.finish();
            String what = Arrays.toString(in) + " loneCrKept=" + loneCrKept;
            assertEquals(oneSink.toString(StandardCharsets.ISO_8859_1), bulkSink.toString(StandardCharsets.ISO_8859_1),
                    what);
            assertEquals(one.written(), bulk.written(), what);
            assertEquals(one.changed(), bulk.changed(), what);
            assertEquals(one.eightBit(), bulk.eightBit(), what);
        }
    }
}
