package it.certmail.pec.access.imap.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Analizzatore della struttura MIME: one streaming pass over the raw bytes that records, for every entity, where
 * its header and body start and end, its header fields and its children (RFC 2045/2046). Only header blocks and
 * line beginnings are kept in memory, so a 100 MB message costs a few KiB. Malformed input (missing boundaries,
 * no empty line, truncated parts) still gives a structure: what follows is taken as body up to the end.
 */
public final class MimeStructureParser {

    /** Header blocks of a part beyond this are not kept (the offsets stay exact). */
    public static final int MAX_HEADER_BYTES = 256 * 1024;
    /** Nesting beyond this is treated as a leaf body. */
    public static final int MAX_DEPTH = 40;
    private static final int LINE_PREFIX = 1024;

    private final LineReader in;

    private MimeStructureParser(InputStream in) {
        this.in = new LineReader(in);
    }

    /** Parses a whole message; does not close {@code in}. */
    public static MimeEntity parse(InputStream in) throws IOException {
        MimeStructureParser p = new MimeStructureParser(in);
        MimeEntity root = new MimeEntity(0);
        Line stop = p.entity(root, List.of(), false, 0);
        // the root ends where the input ends, whatever a stray boundary said
        while (stop != null) {
            stop = p.in.next();
        }
        return root;
    }

    /** Parses only the top header block (ENVELOPE, header searches); reads no further than the empty line. */
    public static MimeEntity parseHeader(InputStream in) throws IOException {
        MimeStructureParser p = new MimeStructureParser(in);
        MimeEntity root = new MimeEntity(0);
        p.headers(root, List.of());
        root.setBodyStart(p.in.offset());
        return root;
    }

    /**
     * Reads one entity starting at the current line: its headers, then its body up to a line that is a boundary
     * in {@code boundaries}. Returns that boundary line, or {@code null} at the end of the input.
     */
    private Line entity(MimeEntity e, List<String> boundaries, boolean digest, int depth) throws IOException {
        Line stop = headers(e, boundaries);
        contentType(e, digest);
        if (stop != null) {
            // a boundary inside the header block: the entity has no body
            e.setBodyStart(stop.start);
            e.setEnd(stop.start, 0);
            return stop;
        }
        e.setBodyStart(in.offset());
        if (depth < MAX_DEPTH && e.isMultipart() && e.params().get("boundary") != null
                && !e.params().get("boundary").isEmpty()) {
            return multipart(e, boundaries, depth);
        }
        if (depth < MAX_DEPTH && e.type().equals("message") && (e.subtype().equals("rfc822")
                || e.subtype().equals("global")) && !encoded(e)) {
            MimeEntity inner = new MimeEntity(in.offset());
            Line end = entity(inner, boundaries, false, depth + 1);
            e.setMessage(inner);
            long stopAt = end == null ? in.offset() : end.bodyEndBefore();
            e.setEnd(stopAt, countLines(e.bodyStart(), stopAt, inner));
            return end;
        }
        return leaf(e, boundaries);
    }

    private static boolean encoded(MimeEntity e) {
        String enc = e.encoding();
        return enc.equals("BASE64") || enc.equals("QUOTED-PRINTABLE");
    }

    private static long countLines(long from, long to, MimeEntity inner) {
        // the inner entity counted header and body lines as it went
        return inner.lines() + inner.headerLineCount;
    }

    private Line leaf(MimeEntity e, List<String> boundaries) throws IOException {
        long lines = 0;
        Line line;
        while ((line = in.next()) != null) {
            if (isBoundary(line, boundaries)) {
                e.setEnd(line.bodyEndBefore(), lines);
                return line;
            }
            lines++;
        }
        long end = in.offset();
        e.setEnd(end, lines);
        return null;
    }

    private Line multipart(MimeEntity e, List<String> outer, int depth) throws IOException {
        String boundary = e.params().get("boundary");
        List<String> boundaries = new ArrayList<>(outer);
        boundaries.add(0, boundary);
        boolean digest = e.subtype().equals("digest");
        long lines = 0;
        Line line;
        // preamble
        while (true) {
            line = in.next();
            if (line == null) {
                e.setEnd(in.offset(), lines);
                return null;
            }
            if (isBoundary(line, boundaries)) {
                break;
            }
            lines++;
        }
        while (line != null && line.isBoundary(boundary) && !line.isClose(boundary)) {
            lines++;
            MimeEntity part = new MimeEntity(in.offset());
            e.mutableParts().add(part);
            line = entity(part, boundaries, digest, depth + 1);
            lines += part.lines() + part.headerLineCount;
        }
        if (line == null) {
            e.setEnd(in.offset(), lines);
            return null;
        }
        if (!line.isBoundary(boundary)) {
            // an outer boundary closed this multipart early
            e.setEnd(line.bodyEndBefore(), lines);
            return line;
        }
        // the close delimiter, then the epilogue up to an outer boundary or the end
        lines++;
        while ((line = in.next()) != null) {
            if (isBoundary(line, outer)) {
                e.setEnd(line.bodyEndBefore(), lines);
                return line;
            }
            lines++;
        }
        e.setEnd(in.offset(), lines);
        return null;
    }

    /** Reads header lines up to the empty line; returns a boundary line met first, else {@code null}. */
    private Line headers(MimeEntity e, List<String> boundaries) throws IOException {
        StringBuilder current = null;
        long kept = 0;
        int headerLines = 0;
        Line line;
        while ((line = in.next()) != null) {
            if (line.length == 0) {
                headerLines++;
                flush(e, current);
                e.headerLineCount = headerLines;
                return null;
            }
            if (isBoundary(line, boundaries)) {
                flush(e, current);
                e.headerLineCount = headerLines;
                return line;
            }
            headerLines++;
            String text = line.text();
            kept += text.length();
            if (kept > MAX_HEADER_BYTES) {
                continue;
            }
            if ((text.startsWith(" ") || text.startsWith("\t")) && current != null) {
                current.append(text);
            } else {
                flush(e, current);
                current = new StringBuilder(text);
            }
        }
        flush(e, current);
        e.headerLineCount = headerLines;
        // no empty line: everything was header, the body is empty
        e.setBodyStart(in.offset());
        return null;
    }

    private static void flush(MimeEntity e, StringBuilder field) {
        if (field == null) {
            return;
        }
        String s = field.toString();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String name = s.substring(0, colon).strip();
        if (name.isEmpty() || name.contains(" ")) {
            return;
        }
        e.mutableHeaders().add(new HeaderField(name, s.substring(colon + 1).strip()));
    }

    private static void contentType(MimeEntity e, boolean digest) {
        String value = e.header("Content-Type");
        if (value == null) {
            if (digest) {
                e.setContentType("message", "rfc822", Map.of());
            } else {
                e.setContentType("text", "plain", Map.of("charset", "us-ascii"));
            }
            return;
        }
        List<String> tokens = HeaderParams.split(value);
        String full = tokens.isEmpty() ? "" : tokens.get(0).strip().toLowerCase(Locale.ROOT);
        int slash = full.indexOf('/');
        Map<String, String> params = HeaderParams.params(tokens);
        if (slash <= 0 || slash == full.length() - 1) {
            // RFC 2045 §5.2: an unreadable type is text/plain
            e.setContentType("text", "plain", params.isEmpty() ? Map.of("charset", "us-ascii") : params);
            return;
        }
        e.setContentType(full.substring(0, slash).strip(), full.substring(slash + 1).strip(), params);
    }

    static boolean isBoundary(Line line, List<String> boundaries) {
        for (String b : boundaries) {
            if (line.isBoundary(b)) {
                return true;
            }
        }
        return false;
    }

    /** One line: its start offset, content length (without line end), line-end length and a prefix of it. */
    static final class Line {
        final long start;
        final long length;
        final int eol;
        final byte[] prefix;
        final int prefixLength;
        final long previousEol;

        Line(long start, long length, int eol, byte[] prefix, int prefixLength, long previousEol) {
            this.start = start;
            this.length = length;
            this.eol = eol;
            this.prefix = prefix;
            this.prefixLength = prefixLength;
            this.previousEol = previousEol;
        }

        /** Where a body before this boundary line ends: the preceding line break belongs to the boundary. */
        long bodyEndBefore() {
            return start - previousEol;
        }

        String text() {
            return new String(prefix, 0, prefixLength, StandardCharsets.ISO_8859_1);
        }

        boolean isBoundary(String boundary) {
            int n = boundary.length();
            if (prefixLength < n + 2 || prefix[0] != '-' || prefix[1] != '-') {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if ((prefix[2 + i] & 0xFF) != boundary.charAt(i)) {
                    return false;
                }
            }
            // after the boundary: nothing, "--", or transport padding (RFC 2046 §5.1.1)
            for (int i = n + 2; i < prefixLength; i++) {
                int c = prefix[i];
                if (c == ' ' || c == '\t') {
                    continue;
                }
                if (i == n + 2 && c == '-' && prefixLength > i + 1 && prefix[i + 1] == '-') {
                    i++;
                    continue;
                }
                return false;
            }
            return true;
        }

        boolean isClose(String boundary) {
            int n = boundary.length();
            return prefixLength >= n + 4 && prefix[n + 2] == '-' && prefix[n + 3] == '-';
        }
    }

    /** Reads lines (LF or CRLF) keeping only a prefix of each: up to the whole line for header lines. */
    static final class LineReader {
        private final InputStream in;
        private final byte[] chunk = new byte[64 * 1024];
        private int chunkPos;
        private int chunkLen;
        private long offset;
        private int lastEol;
        private byte[] buffer = new byte[LINE_PREFIX];

        LineReader(InputStream in) {
            this.in = in;
        }

        long offset() {
            return offset;
        }

        private int read() throws IOException {
            if (chunkPos == chunkLen) {
                chunkLen = in.read(chunk, 0, chunk.length);
                chunkPos = 0;
                if (chunkLen <= 0) {
                    chunkLen = 0;
                    return -1;
                }
            }
            return chunk[chunkPos++] & 0xFF;
        }

        Line next() throws IOException {
            long start = offset;
            int kept = 0;
            long length = 0;
            int eol = 0;
            int prev = -1;
            int b;
            boolean any = false;
            while ((b = read()) != -1) {
                any = true;
                offset++;
                if (b == '\n') {
                    eol = 1;
                    break;
                }
                if (kept == buffer.length && buffer.length < MAX_HEADER_BYTES) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
                if (kept < buffer.length) {
                    buffer[kept++] = (byte) b;
                }
                length++;
                prev = b;
            }
            if (!any) {
                return null;
            }
            if (eol == 1 && prev == '\r') {
                eol = 2;
                length--;
                if (kept == length + 1) {
                    kept--;
                }
            }
            Line line = new Line(start, length, eol, java.util.Arrays.copyOf(buffer, kept), kept, lastEol);
            lastEol = eol;
            return line;
        }
    }
}
