package it.certmail.pec.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.SharedInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    @Test
    void smallContentStaysInMemoryAndReadsBackExactly() throws IOException {
        byte[] data = "hello\r\nworld\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Spool s = Spool.create(64, dir)) {
            try (OutputStream out = s.output()) {
                out.write(data);
            }
            assertTrue(s.inMemory());
            assertEquals(data.length, s.size());
            assertArrayEquals(data, s.open().readAllBytes());
            assertArrayEquals(data, s.openShared().readAllBytes());
            assertTrue(s.openShared() instanceof SharedInputStream);
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void largeContentSpillsToAFileThatCloseDeletes() throws IOException {
        byte[] data = new byte[10_000];
        new Random(1).nextBytes(data);
        Spool s = Spool.create(1000, dir);
        try (OutputStream out = s.output()) {
            for (int i = 0; i < data.length; i += 333) {
                out.write(data, i, Math.min(333, data.length - i));
            }
        }
        assertFalse(s.inMemory());
        assertEquals(data.length, s.size());
        assertArrayEquals(data, s.open().readAllBytes());
        InputStream shared = s.openShared();
        assertArrayEquals(data, shared.readAllBytes());
        SharedInputStream sub = ((SharedInputStream) shared).newStream(100, 200) instanceof SharedInputStream x ? x : null;
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, 200), ((InputStream) sub).readAllBytes());
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        s.writeTo(copy);
        assertArrayEquals(data, copy.toByteArray());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        s.close();
        s.close();
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
        assertThrows(IllegalStateException.class, s::open);
    }

    @Test
    void writtenOnceAndReadOnlyAfterTheOutputIsClosed() throws IOException {
        try (Spool s = Spool.create()) {
            OutputStream out = s.output();
            out.write(1);
            assertThrows(IllegalStateException.class, s::open);
            assertThrows(IllegalStateException.class, s::output);
            out.close();
            assertEquals(1, s.open().read());
        }
    }

    @Test
    void aMessageParsedFromAFileSpoolKeepsItsPartsInTheFile() throws Exception {
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            big.append("line ").append(i).append(" of a long attachment\r\n");
        }
        String raw = "From: a@b.test\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nfirst\r\n"
                + "--B\r\nContent-Type: text/plain; name=\"a.txt\"\r\n\r\n" + big + "\r\n--B--\r\n";
        try (Spool s = Spool.create(1000, dir)) {
            try (OutputStream out = s.output()) {
                out.write(raw.getBytes(StandardCharsets.US_ASCII));
            }
            MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), s.openShared());
            assertEquals("x", m.getSubject());
            Multipart mp = (Multipart) m.getContent();
            assertEquals(2, mp.getCount());
            assertEquals("a.txt", mp.getBodyPart(1).getFileName());
            assertEquals(big.toString(), new String(mp.getBodyPart(1).getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            assertEquals(raw, out.toString(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void deleteAbandonedRemovesOnlyOldSpoolFiles() throws IOException {
        Path old = Files.writeString(dir.resolve("pec-1.spool"), "x");
        Path recent = Files.writeString(dir.resolve("pec-2.spool"), "y");
        Path other = Files.writeString(dir.resolve("other.tmp"), "z");
        java.time.Instant now = java.time.Instant.now();
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(now.minusSeconds(3 * 86400)));
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.from(now.minusSeconds(3 * 86400)));

        assertEquals(1, Spool.deleteAbandoned(dir, now.minusSeconds(86400)));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent));
        assertTrue(Files.exists(other));
        assertEquals(0, Spool.deleteAbandoned(dir.resolve("missing"), now));
    }

    @Test
    void ofAndCopyOf() throws IOException {
        try (Spool s = Spool.of(new byte[] {1, 2, 3}); Spool c = Spool.copyOf(s.open())) {
            assertArrayEquals(new byte[] {1, 2, 3}, c.toByteArray(10));
            assertThrows(IllegalStateException.class, () -> c.toByteArray(2));
        }
    }
}
