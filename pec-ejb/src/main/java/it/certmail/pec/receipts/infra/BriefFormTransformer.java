package it.certmail.pec.receipts.infra;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;

import it.certmail.pec.mime.Spool;

/**
 * Ricevuta breve: rewrites the original for a brief delivery receipt (RFC 6109 §3.3.2.2). The MIME structure stays
 * as it is; every part with a {@code name} (Content-Type) or {@code filename} (Content-Disposition) parameter
 * becomes a {@code text/plain} part named {@code <name>.hash} whose content is the SHA-1 of the part's content as
 * 40 lowercase hex characters. The hash is computed over the part body exactly as transmitted (so over the base64
 * text for base64 parts, as the RFC recommends), with CRLF line endings. Named message/rfc822 parts are hashed like
 * any attachment; unnamed ones are entered and transformed. In a {@code multipart/signed} the signature part is
 * kept (the signature will no longer verify, as the RFC accepts); an {@code application/(x-)pkcs7-mime} original
 * is returned unchanged, since its content cannot be seen. All other bytes are kept, with CRLF line endings.
 *
 * <p>The original is read as a stream, in one pass: line ends are made CRLF as the bytes come in (lone CR and lone
 * LF both become CRLF), each entity's header section is held until its blank line, and bodies are copied through
 * or hashed while they are read, so memory does not grow with the size of the message. The part ranges are those of
 * RFC 2046 §5.1.1: a part ends at the CRLF that precedes the next delimiter line of its multipart (that CRLF belongs
 * to the delimiter), a delimiter line may carry trailing spaces and tabs (transport padding), the first close
 * delimiter ends the parts (the epilogue is kept as it is), a multipart without close delimiter runs to the end of
 * its body, and a delimiter of an enclosing multipart ends every part inside it. A header section longer than
 * {@link #HEADER_LIMIT} bytes is not parsed: that entity is kept byte for byte (line ends made CRLF).
 */
public final class BriefFormTransformer {

    /** Longest header section (fields and blank line) parsed; an entity with a longer one is kept as it is. */
    static final int HEADER_LIMIT = 1 << 20;
    /** Entities nested deeper than this are kept unchanged (each level costs stack; real mail nests a few). */
    static final int MAX_DEPTH = 100;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NO_BYTES = new byte[0];
    private static final int CHUNK = 64 * 1024;

    private BriefFormTransformer() {
    }

    /** The brief form of {@code original} (an RFC 5322 message). Never throws on malformed MIME: it keeps it. */
    public static byte[] transform(byte[] original) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            transform(new ByteArrayInputStream(original), out);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory streams do not fail", e);
        }
        return out.toByteArray();
    }

    /**
     * Writes the brief form of the message read from {@code original} (to its end) to {@code out}; neither stream is
     * closed, {@code out} is flushed. The same bytes as {@link #transform(byte[])}; never throws on malformed MIME.
     *
     * @throws IOException only when reading {@code original} or writing {@code out} fails
     */
    public static void transform(InputStream original, OutputStream out) throws IOException {
        Parser parser = new Parser(new BufferedOutputStream(out, CHUNK));
        byte[] in = new byte[CHUNK];
        byte[] crlf = new byte[2 * CHUNK];
        boolean afterCr = false;
        int n;
        while ((n = original.read(in)) != -1) {
            // RawEntity.toCrlf as the bytes come: CR -> CRLF (swallowing the LF of a CRLF), lone LF -> CRLF
            int m = 0;
            for (int i = 0; i < n; i++) {
                byte b = in[i];
                if (afterCr) {
                    afterCr = false;
                    if (b == '\n') {
                        continue;
                    }
                }
                if (b == '\r' || b == '\n') {
                    crlf[m++] = '\r';
                    crlf[m++] = '\n';
                    afterCr = b == '\r';
                } else {
                    crlf[m++] = b;
                }
            }
            parser.write(crlf, 0, m);
        }
        parser.close();
    }

    /**
     * The transformer over bytes that already have CRLF line ends (every CR followed by LF, every LF preceded by
     * CR), written in any pieces; {@link OutputStream#close()} ends the message, flushes {@code out} and leaves it
     * open. Package-private so tests can cut the input anywhere, a CRLF included.
     */
    static final class Parser extends OutputStream {
        private final OutputStream out;
        private final Entity root;
        private boolean closed;

        Parser(OutputStream out) {
            this.out = out;
            this.root = new Entity(out, true, 0);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            if (len > 0) {
                root.write(b, off, len);
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                root.end();
                out.flush();
            }
        }
    }

    /** Where the bytes of one entity, a body or a part go, in order; {@link #end()} once after the last. */
    private interface Sink {
        void write(byte[] b, int off, int len) throws IOException;

        void end() throws IOException;
    }

    /** Bytes kept as they are. */
    private record Copy(OutputStream out) implements Sink {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void end() {
            // nothing follows
        }
    }

    /**
     * One MIME entity (a message or a part): its bytes exactly as they fall within the enclosing range, so without
     * the CRLF before the next delimiter. The header section is held until its blank line (or the end of the
     * entity, when there is none), then the entity is written as the old recursive transformer did: kept, hashed,
     * or its header followed by the transformed body.
     */
    private static final class Entity implements Sink {
        private final OutputStream out;
        private final boolean message;
        private final int depth;
        private byte[] head = new byte[512];
        private int headSize;
        private Sink body;

        Entity(OutputStream out, boolean message, int depth) {
            this.out = out;
            this.message = message;
            this.depth = depth;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (body != null) {
                body.write(b, off, len);
                return;
            }
            int end = off + len;
            for (int i = off; i < end; i++) {
                if (headSize == head.length) {
                    head = Arrays.copyOf(head, Math.min(HEADER_LIMIT, head.length * 2));
                }
                head[headSize++] = b[i];
                if (b[i] == '\n' && headerComplete()) {
                    decide();
                } else if (headSize == HEADER_LIMIT) {
                    keep(); // too long to parse: kept as it is
                }
                if (body != null) {
                    if (end > i + 1) {
                        body.write(b, i + 1, end - i - 1);
                    }
                    return;
                }
            }
        }

        /** The header section ends at the first empty line (RawEntity.parse): CRLF at the start or CRLFCRLF. */
        private boolean headerComplete() {
            int n = headSize;
            return n >= 2 && head[n - 2] == '\r'
                    && (n == 2 || n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n');
        }

        @Override
        public void end() throws IOException {
            if (body == null) {
                decide(); // no blank line: all header, empty body
            }
            body.end();
        }

        private void decide() throws IOException {
            if (depth > MAX_DEPTH) {
                // a crafted nesting would exhaust the stack: what is that deep is kept as it is
                keep();
                return;
            }
            RawEntity e = RawEntity.parse(Arrays.copyOf(head, headSize));
            ContentType type = contentType(e.header("Content-Type"));
            if (message && type != null
                    && (type.match("application/pkcs7-mime") || type.match("application/x-pkcs7-mime"))) {
                keep();
                return;
            }
            String name = attachmentName(e, type);
            if (name != null) {
                head = null;
                body = new Hashed(e, name, out);
                return;
            }
            if (type == null) {
                keep();
                return;
            }
            if (type.match("multipart/*")) {
                String boundary = type.getParameter("boundary");
                if (boundary == null || boundary.isEmpty()) {
                    keep();
                    return;
                }
                headerThen(e, new Multipart(("--" + boundary).getBytes(StandardCharsets.ISO_8859_1),
                        type.match("multipart/signed"), out, depth + 1));
                return;
            }
            if (type.match("message/rfc822")) {
                String cte = RawEntity.lower(e.header("Content-Transfer-Encoding"));
                if (cte == null || cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary")) {
                    headerThen(e, new Entity(out, true, depth + 1));
                    return;
                }
            }
            keep();
        }

        /** The fields and a blank line (written even when the entity had none), then the transformed body. */
        private void headerThen(RawEntity e, Sink transformedBody) throws IOException {
            head = null;
            out.write(e.withBody(NO_BYTES).toBytes());
            body = transformedBody;
        }

        private void keep() throws IOException {
            out.write(head, 0, headSize);
            head = null;
            body = new Copy(out);
        }
    }

    /** The body of a named part: hashed as it goes by; the part is written when it ends. */
    private static final class Hashed implements Sink {
        private final RawEntity entity;
        private final String name;
        private final OutputStream out;
        private final MessageDigest sha1 = sha1();

        Hashed(RawEntity entity, String name, OutputStream out) {
            this.entity = entity;
            this.name = name;
            this.out = out;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            sha1.update(b, off, len);
        }

        @Override
        public void end() throws IOException {
            out.write(hashed(entity, name, HexFormat.of().formatHex(sha1.digest())));
        }
    }

    /**
     * The body of a multipart: finds its delimiter lines (RFC 2046 §5.1.1) line by line and hands each part's bytes
     * to a new {@link Entity} (a kept copy for the parts after the first of a multipart/signed). The CRLF ending a
     * line is held back until the next line is known not to be a delimiter, and so is a line that still could be
     * one ({@code --boundary}, maybe {@code --}, then spaces and tabs); a delimiter ends the current part, and it
     * and the CRLF before it are written as they are, like the preamble and the epilogue.
     */
    private static final class Multipart implements Sink {
        private static final int PREAMBLE = 0;
        private static final int PART = 1;
        private static final int EPILOGUE = 2;

        // the current line: still matching dash[0..matched), then after the dash: "-", "--" + padding, or padding
        private static final int MATCHING = 0;
        private static final int AFTER_DASH = 1;
        private static final int ONE_DASH = 2;
        private static final int PADDING = 3;
        private static final int CLOSE_PADDING = 4;
        private static final int CONTENT = 5;

        private final byte[] dash;
        private final boolean signed;
        private final OutputStream out;
        private final int depth;
        private final Copy kept;
        private final Held held = new Held();
        private int state = PREAMBLE;
        private int parts;
        private Sink part;
        private int line = MATCHING;
        private int matched;
        private boolean heldCrlf;
        private boolean skipLf;

        Multipart(byte[] dash, boolean signed, OutputStream out, int depth) {
            this.dash = dash;
            this.signed = signed;
            this.out = out;
            this.depth = depth;
            this.kept = new Copy(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int i = off;
            int end = off + len;
            while (i < end) {
                if (skipLf) {
                    skipLf = false;
                    if (b[i] == '\n') {
                        i++; // the CRLF was taken as a whole at its CR
                        continue;
                    }
                }
                if (state == EPILOGUE) {
                    out.write(b, i, end - i);
                    return;
                }
                byte c = b[i];
                if (c == '\r') {
                    lineEnd();
                    skipLf = true;
                    i++;
                    continue;
                }
                switch (line) {
                    case CONTENT -> {
                        int j = i;
                        while (j < end && b[j] != '\r') {
                            j++;
                        }
                        sink().write(b, i, j - i);
                        i = j;
                    }
                    case MATCHING -> {
                        if (c == dash[matched]) {
                            i++;
                            if (++matched == dash.length) {
                                line = AFTER_DASH;
                            }
                        } else {
                            notADelimiter();
                        }
                    }
                    case AFTER_DASH -> {
                        if (c == '-') {
                            held.add(b, i, 1);
                            line = ONE_DASH;
                            i++;
                        } else if (c == ' ' || c == '\t') {
                            line = PADDING;
                        } else {
                            notADelimiter();
                        }
                    }
                    case ONE_DASH -> {
                        if (c == '-') {
                            held.add(b, i, 1);
                            line = CLOSE_PADDING;
                            i++;
                        } else {
                            notADelimiter();
                        }
                    }
                    default -> { // PADDING, CLOSE_PADDING
                        int j = i;
                        while (j < end && (b[j] == ' ' || b[j] == '\t')) {
                            j++;
                        }
                        if (j > i) {
                            held.add(b, i, j - i);
                            i = j;
                        } else {
                            notADelimiter();
                        }
                    }
                }
            }
        }

        @Override
        public void end() throws IOException {
            if (state == EPILOGUE) {
                return;
            }
            int kind = delimiterKind();
            if (kind != 0) {
                delimiter(kind, false); // the last line of the body; no part after it
                return;
            }
            notADelimiter();
            if (state == PART) {
                part.end(); // no close delimiter: the last part runs to the end
            }
        }

        /** 0: the current line (so far) is not a whole delimiter, 1: delimiter, 2: close delimiter. */
        private int delimiterKind() {
            return switch (line) {
                case AFTER_DASH, PADDING -> 1;
                case CLOSE_PADDING -> 2;
                default -> 0;
            };
        }

        private void lineEnd() throws IOException {
            int kind = delimiterKind();
            if (kind != 0) {
                delimiter(kind, true);
            } else {
                notADelimiter();
                heldCrlf = true;
            }
            line = MATCHING;
            matched = 0;
        }

        private Sink sink() {
            return state == PART ? part : kept;
        }

        /** The current line is content: what was held back goes to the part (or the preamble). */
        private void notADelimiter() throws IOException {
            if (line == CONTENT) {
                return;
            }
            Sink s = sink();
            if (heldCrlf) {
                heldCrlf = false;
                s.write(CRLF, 0, 2);
            }
            if (matched > 0) {
                s.write(dash, 0, matched);
            }
            held.moveTo(s);
            line = CONTENT;
        }

        private void delimiter(int kind, boolean crlfFollows) throws IOException {
            if (state == PART) {
                part.end();
            }
            if (heldCrlf) {
                heldCrlf = false;
                out.write(CRLF);
            }
            out.write(dash);
            held.moveTo(kept);
            if (crlfFollows) {
                out.write(CRLF);
            }
            if (kind == 2 || !crlfFollows) {
                state = EPILOGUE;
            } else {
                state = PART;
                part = signed && parts > 0 ? kept : new Entity(out, false, depth);
                parts++;
            }
        }
    }

    /**
     * The bytes after the dash of a line that may still be a delimiter ("-", "--" and transport padding): in an array
     * up to 8 KiB, beyond that in a {@link Spool} (in memory up to 1 MiB, then a temporary file), so even a delimiter
     * line padded with megabytes of spaces is held without growing the heap.
     */
    private static final class Held {
        private static final int MEMORY = 8 * 1024;
        private byte[] bytes = new byte[16];
        private int size;
        private Spool spool;
        private OutputStream spoolOut;

        void add(byte[] b, int off, int len) throws IOException {
            if (spool == null && size + len > MEMORY) {
                spool = Spool.create();
                spoolOut = spool.output();
                spoolOut.write(bytes, 0, size);
                size = 0;
            }
            if (spool != null) {
                spoolOut.write(b, off, len);
                return;
            }
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + len, bytes.length * 2));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        /** Writes the held bytes to {@code sink} and forgets them. */
        void moveTo(Sink sink) throws IOException {
            if (size > 0) {
                sink.write(bytes, 0, size);
                size = 0;
            }
            if (spool != null) {
                try (Spool s = spool) {
                    spool = null;
                    spoolOut.close();
                    try (InputStream in = s.open()) {
                        byte[] buf = new byte[CHUNK];
                        int n;
                        while ((n = in.read(buf)) != -1) {
                            sink.write(buf, 0, n);
                        }
                    }
                }
            }
        }
    }

    private static byte[] hashed(RawEntity e, String name, String sha1Hex) {
        String disposition = "attachment";
        String cd = e.header("Content-Disposition");
        if (cd != null) {
            try {
                disposition = new ContentDisposition(cd).getDisposition();
            } catch (ParseException ignored) {
                // keep "attachment"
            }
        }
        ContentType type = new ContentType("text", "plain", null);
        type.setParameter("charset", "us-ascii");
        type.setParameter("name", name + ".hash");
        ContentDisposition cdNew = new ContentDisposition(disposition, null);
        cdNew.setParameter("filename", name + ".hash");
        RawEntity replaced = e.without("Content-Type", "Content-Transfer-Encoding", "Content-Disposition",
                        "Content-Length", "Content-MD5")
                .adding(List.of("Content-Type: " + type, "Content-Transfer-Encoding: 7bit",
                        "Content-Disposition: " + cdNew))
                .withBody(sha1Hex.getBytes(StandardCharsets.US_ASCII));
        return replaced.toBytes();
    }

    /** SHA-1 as 40 lowercase hex characters. */
    public static String sha1Hex(byte[] data) {
        return HexFormat.of().formatHex(sha1().digest(data));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is mandatory in every JDK", e);
        }
    }

    private static ContentType contentType(String value) {
        if (value == null) {
            return new ContentType("text", "plain", null);
        }
        try {
            return new ContentType(value);
        } catch (ParseException e) {
            return null;
        }
    }

    /** filename (Content-Disposition) first, then name (Content-Type); decoded from RFC 2231 or encoded words. */
    private static String attachmentName(RawEntity e, ContentType type) {
        String name = null;
        String cd = e.header("Content-Disposition");
        if (cd != null) {
            try {
                name = new ContentDisposition(cd).getParameter("filename");
            } catch (ParseException ignored) {
                // fall back to the Content-Type name
            }
        }
        if ((name == null || name.isBlank()) && type != null) {
            name = type.getParameter("name");
        }
        if (name == null || name.isBlank()) {
            return null;
        }
        if (name.contains("=?")) {
            try {
                name = MimeUtility.decodeText(name);
            } catch (UnsupportedEncodingException ignored) {
                // keep the encoded form
            }
        }
        return name;
    }
}
