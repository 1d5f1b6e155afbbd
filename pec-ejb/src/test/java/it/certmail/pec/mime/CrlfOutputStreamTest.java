package it.certmail.pec.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

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
}
