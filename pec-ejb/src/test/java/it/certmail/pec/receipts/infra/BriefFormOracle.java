package it.certmail.pec.receipts.infra;

import java.io.ByteArrayOutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;

// Test oracle: the byte-array BriefFormTransformer as it was before the streaming rewrite, copied verbatim (only
// the class name changed). BriefFormStreamTest compares the streaming transformer with it byte for byte.

/**
 * Ricevuta breve: rewrites the original for a brief delivery receipt (RFC 6109 §3.3.2.2). The MIME structure stays
 * as it is; every part with a {@code name} (Content-Type) or {@code filename} (Content-Disposition) parameter
 * becomes a {@code text/plain} part named {@code <name>.hash} whose content is the SHA-1 of the part's content as
 * 40 lowercase hex characters. The hash is computed over the part body exactly as transmitted (so over the base64
 * text for base64 parts, as the RFC recommends), with CRLF line endings. Named message/rfc822 parts are hashed like
 * any attachment; unnamed ones are entered and transformed. In a {@code multipart/signed} the signature part is
 * kept (the signature will no longer verify, as the RFC accepts); an {@code application/(x-)pkcs7-mime} original
 * is returned unchanged, since its content cannot be seen. All other bytes are kept, with CRLF line endings.
 */
final class BriefFormOracle {

    private BriefFormOracle() {
    }

    /** The brief form of {@code original} (an RFC 5322 message). Never throws on malformed MIME: it keeps it. */
    public static byte[] transform(byte[] original) {
        return entity(RawEntity.toCrlf(original), true);
    }

    private static byte[] entity(byte[] bytes, boolean message) {
        RawEntity e = RawEntity.parse(bytes);
        ContentType type = contentType(e.header("Content-Type"));
        if (message && type != null && (type.match("application/pkcs7-mime") || type.match("application/x-pkcs7-mime"))) {
            return bytes;
        }
        String name = attachmentName(e, type);
        if (name != null) {
            return hashed(e, name);
        }
        if (type == null) {
            return bytes;
        }
        if (type.match("multipart/*")) {
            String boundary = type.getParameter("boundary");
            if (boundary == null || boundary.isEmpty()) {
                return bytes;
            }
            boolean signed = type.match("multipart/signed");
            return e.withBody(multipart(e.body(), boundary, signed)).toBytes();
        }
        if (type.match("message/rfc822")) {
            String cte = RawEntity.lower(e.header("Content-Transfer-Encoding"));
            if (cte == null || cte.equals("7bit") || cte.equals("8bit") || cte.equals("binary")) {
                return e.withBody(entity(e.body(), true)).toBytes();
            }
        }
        return bytes;
    }

    private static byte[] multipart(byte[] body, String boundary, boolean signed) {
        List<int[]> parts = MultipartSplitter.parts(body, boundary);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int pos = 0;
        for (int i = 0; i < parts.size(); i++) {
            int[] range = parts.get(i);
            out.write(body, pos, range[0] - pos);
            byte[] part = RawEntity.slice(body, range[0], range[1]);
            // the second part of multipart/signed is the signature itself: kept as it is
            out.writeBytes(signed && i > 0 ? part : entity(part, false));
            pos = range[1];
        }
        out.write(body, pos, body.length - pos);
        return out.toByteArray();
    }

    private static byte[] hashed(RawEntity e, String name) {
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
                .withBody(sha1Hex(e.body()).getBytes(StandardCharsets.US_ASCII));
        return replaced.toBytes();
    }

    /** SHA-1 as 40 lowercase hex characters. */
    public static String sha1Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(data));
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

    /** Finds the part ranges of a multipart body (RFC 2046 §5.1.1); the CRLF before a delimiter is not content. */
    static final class MultipartSplitter {
        private MultipartSplitter() {
        }

        static List<int[]> parts(byte[] body, String boundary) {
            byte[] dash = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            List<int[]> ranges = new ArrayList<>();
            int partStart = -1;
            int lineStart = 0;
            while (lineStart < body.length) {
                int lineEnd = lineEndAt(body, lineStart);
                int delimiter = delimiterKind(body, lineStart, lineEnd, dash);
                if (delimiter != 0) {
                    if (partStart >= 0) {
                        int end = Math.max(partStart, lineStart - 2);
                        ranges.add(new int[] {partStart, end});
                    }
                    if (delimiter == 2) {
                        return ranges;
                    }
                    partStart = Math.min(body.length, lineEnd + 2);
                }
                lineStart = lineEnd + 2;
            }
            if (partStart >= 0 && partStart < body.length) {
                ranges.add(new int[] {partStart, body.length}); // no close delimiter: the last part runs to the end
            }
            return ranges;
        }

        /** Index of the CR of the CRLF ending the line, or the end of input. */
        private static int lineEndAt(byte[] b, int from) {
            for (int i = from; i < b.length - 1; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n') {
                    return i;
                }
            }
            return b.length;
        }

        /** 0: not a delimiter, 1: delimiter, 2: close delimiter. */
        private static int delimiterKind(byte[] b, int start, int end, byte[] dash) {
            if (end - start < dash.length) {
                return 0;
            }
            for (int i = 0; i < dash.length; i++) {
                if (b[start + i] != dash[i]) {
                    return 0;
                }
            }
            int i = start + dash.length;
            int kind = 1;
            if (i + 1 < end && b[i] == '-' && b[i + 1] == '-') {
                kind = 2;
                i += 2;
            }
            for (; i < end; i++) {
                if (b[i] != ' ' && b[i] != '\t') {
                    return 0;
                }
            }
            return kind;
        }
    }
}
