package it.certmail.pec.receipts.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A MIME entity kept as its exact bytes (CRLF line endings): header fields as raw folded lines, and the body. Lets
 * the composer and the brief-form transformer change one header or one part while every other byte stays as
 * received, which a Jakarta Mail round trip does not guarantee.
 */
final class RawEntity {

    private static final Pattern LINE_END = Pattern.compile("\r?\n");
    private static final byte[] CRLF = {'\r', '\n'};

    /** One header field: its name and its raw bytes, continuation lines and final CRLF included. */
    record Field(String name, byte[] raw) {
        /** The unfolded value, without the name and colon, trimmed; header bytes read as ISO-8859-1. */
        String value() {
            String s = new String(raw, StandardCharsets.ISO_8859_1);
            int colon = s.indexOf(':');
            return LINE_END.matcher(s.substring(colon + 1)).replaceAll("").trim();
        }
    }

    private final List<Field> fields;
    private final byte[] separator;
    private final byte[] body;

    private RawEntity(List<Field> fields, byte[] separator, byte[] body) {
        this.fields = fields;
        this.separator = separator;
        this.body = body;
    }

    /** Splits an entity (bytes with CRLF line endings) into header fields and body. */
    static RawEntity parse(byte[] entity) {
        List<Field> fields = new ArrayList<>();
        int pos = 0;
        int n = entity.length;
        while (pos < n) {
            if (startsWithCrlf(entity, pos)) {
                return new RawEntity(fields, CRLF, slice(entity, pos + 2, n));
            }
            int start = pos;
            int end = lineEnd(entity, pos);
            // continuation lines start with a space or a tab
            while (end < n && (entity[end] == ' ' || entity[end] == '\t')) {
                end = lineEnd(entity, end);
            }
            byte[] raw = slice(entity, start, end);
            String line = new String(raw, StandardCharsets.ISO_8859_1);
            int colon = line.indexOf(':');
            String name = colon > 0 ? line.substring(0, colon).trim() : "";
            fields.add(new Field(name, raw));
            pos = end;
        }
        return new RawEntity(fields, new byte[0], new byte[0]);
    }

    /** Index just past the CRLF ending the line that starts at {@code pos} (or the end of input). */
    private static int lineEnd(byte[] b, int pos) {
        for (int i = pos; i < b.length - 1; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i + 2;
            }
        }
        return b.length;
    }

    private static boolean startsWithCrlf(byte[] b, int pos) {
        return pos + 1 < b.length && b[pos] == '\r' && b[pos + 1] == '\n';
    }

    static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[Math.max(0, to - from)];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    List<Field> fields() {
        return fields;
    }

    byte[] body() {
        return body;
    }

    /** The unfolded value of the first field with that name (case-insensitive), or null. */
    String header(String name) {
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** A copy without the named fields (case-insensitive). */
    RawEntity without(String... names) {
        List<Field> kept = new ArrayList<>();
        outer:
        for (Field f : fields) {
            for (String name : names) {
                if (f.name().equalsIgnoreCase(name)) {
                    continue outer;
                }
            }
            kept.add(f);
        }
        return new RawEntity(kept, separator, body);
    }

    /**
     * A copy where the first field named {@code name} is replaced by {@code lines} (further fields of that name
     * are removed); when there is none, {@code lines} go after the last field.
     */
    RawEntity replacing(String name, List<String> lines) {
        List<Field> out = new ArrayList<>();
        boolean done = false;
        for (Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                if (!done) {
                    lines.forEach(l -> out.add(field(l)));
                    done = true;
                }
            } else {
                out.add(f);
            }
        }
        if (!done) {
            lines.forEach(l -> out.add(field(l)));
        }
        return new RawEntity(out, separator, body);
    }

    /** A copy with these fields (raw, as taken from another entity) before the existing ones. */
    RawEntity prepending(List<Field> first) {
        List<Field> out = new ArrayList<>(first);
        out.addAll(fields);
        return new RawEntity(out, separator, body);
    }

    /** The fields with one of these names (case-insensitive), in their order. */
    List<Field> fieldsNamed(List<String> names) {
        return fields.stream().filter(f -> names.stream().anyMatch(n -> n.equalsIgnoreCase(f.name()))).toList();
    }

    /** A copy with these header lines added after the existing fields. */
    RawEntity adding(List<String> lines) {
        List<Field> out = new ArrayList<>(fields);
        lines.forEach(l -> out.add(field(l)));
        return new RawEntity(out, separator, body);
    }

    /** A copy with another body (the blank line separating it is always written). */
    RawEntity withBody(byte[] newBody) {
        return new RawEntity(fields, CRLF, newBody);
    }

    private static Field field(String line) {
        String name = line.substring(0, line.indexOf(':')).trim();
        return new Field(name, (line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        fields.forEach(f -> out.writeBytes(f.raw()));
        out.writeBytes(separator);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Converts lone LF and lone CR to CRLF, the canonical form on the wire and for S/MIME. */
    static byte[] toCrlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40 + 2);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    /**
     * What a message/rfc822 part needs to carry these bytes unchanged (RFC 2046 §5.2.1), read as a stream.
     *
     * @param encoding  7bit, 8bit or binary (a NUL byte or a line over 998 bytes)
     * @param eightBit  whether any byte has the high bit set
     */
    record PayloadScan(String encoding, boolean eightBit) {
    }

    static PayloadScan scan(InputStream in) throws IOException {
        boolean eightBit = false;
        boolean binary = false;
        int lineLength = 0;
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == 0) {
                    binary = true;
                }
                if (b == '\n') {
                    lineLength = 0;
                    continue;
                }
                if (b != '\r' && ++lineLength > 998) {
                    binary = true;
                }
                if (b < 0) {
                    eightBit = true;
                }
            }
        }
        return new PayloadScan(binary ? "binary" : eightBit ? "8bit" : "7bit", eightBit);
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
