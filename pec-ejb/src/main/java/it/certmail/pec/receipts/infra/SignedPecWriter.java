package it.certmail.pec.receipts.infra;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParameterList;
import jakarta.mail.util.StreamProvider;

import it.certmail.pec.crypto.DetachedSignature;
import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.PecText;

/**
 * Scrittura dei messaggi PEC: writes the bytes of a signed PEC message in its one layout (pec-spec §2), with no
 * Jakarta Mail tree in between: {@code multipart/signed} { {@code multipart/mixed} { {@code multipart/alternative}
 * { text/plain, text/html }, daticert.xml, postacert.eml }, smime.p7s }. The content entity is written once, in
 * canonical CRLF form, into a {@link Spool} that is then signed and copied into the message as it is. The bytes are
 * those Jakarta Mail wrote for the same parts (same fields, order, folding and encoders); only the boundaries
 * differ. One writer per message: its boundaries share a random token.
 */
final class SignedPecWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final SecureRandom RANDOM = new SecureRandom();
    // looked up once: MimeUtility.encode asks the ServiceLoader on every call
    private static final StreamProvider STREAMS = StreamProvider.provider();
    // the three multiparts of the layout, outermost first: one boundary each
    private static final int SIGNED = 1;
    private static final int MIXED = 2;
    private static final int ALTERNATIVE = 3;

    private final String token;

    SignedPecWriter() {
        // unguessable, so an original cannot carry a delimiter line of the message that attaches it; "=_" never
        // occurs in quoted-printable or base64
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        token = HexFormat.of().formatHex(b);
    }

    /** Writes a body, or a whole entity (see {@link #entity}). */
    @FunctionalInterface
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * The entity to sign: the {@code multipart/mixed} with its own Content-Type and Content-Transfer-Encoding
     * (8bit only when the original has 8-bit bytes: the text parts are quoted-printable and daticert base64).
     *
     * @param daticert the xml, or null (busta di anomalia)
     * @param original postacert.eml, or null; copied with line ends made CRLF (a lone CR kept), as S/MIME signs it
     */
    Spool content(PecText text, byte[] daticert, SpooledPart original) throws IOException {
        RawEntity.PayloadScan scan = null;
        if (original != null) {
            try (InputStream in = original.getInputStream()) {
                scan = RawEntity.scan(in);
            }
        }
        List<Body> parts = new ArrayList<>();
        String alternative = boundary(ALTERNATIVE);
        parts.add(entity(List.of(Map.entry("Content-Type", multipartType("alternative", alternative))),
                multipart(alternative, List.of(textPart(text.plain(), "plain"), textPart(text.html(), "html")))));
        if (daticert != null) {
            parts.add(entity(attachmentFields("application/xml", "daticert.xml", "base64"),
                    encoded(Encoding.BASE64, daticert)));
        }
        if (original != null) {
            parts.add(entity(attachmentFields("message/rfc822", "postacert.eml", scan.encoding()),
                    out -> copyCanonical(original, out)));
        }
        String mixed = boundary(MIXED);
        return write(entity(List.of(Map.entry("Content-Type", multipartType("mixed", mixed)),
                        Map.entry("Content-Transfer-Encoding", scan != null && scan.eightBit() ? "8bit" : "7bit")),
                multipart(mixed, parts)));
    }

    /**
     * The header section of the message: the inherited fields first (trace fields such as Received belong before
     * the others), then {@code header} with MIME-Version and the Content-Type of {@code signature}, then the blank
     * line.
     */
    byte[] headerSection(List<RawEntity.Field> inherited, Header header, DetachedSignature signature)
            throws IOException {
        header.set("MIME-Version", "1.0");
        header.set("Content-Type", signature.multipartContentType(boundary(SIGNED)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (RawEntity.Field f : inherited) {
            out.write(f.raw());
        }
        header.writeTo(out);
        out.write(CRLF);
        return out.toByteArray();
    }

    /** The whole message: {@code headerSection}, then the signed entity as it is and the signature. */
    Spool message(byte[] headerSection, Spool entity, DetachedSignature signature) throws IOException {
        Body signed = multipart(boundary(SIGNED),
                List.of(entity::writeTo, entity(signature.partHeaders(), encoded(Encoding.BASE64, signature.der()))));
        return write(out -> {
            out.write(headerSection);
            signed.writeTo(out);
        });
    }

    private static Spool write(Body body) throws IOException {
        Spool spool = Spool.create();
        try (OutputStream out = new BufferedOutputStream(spool.output(), 8192)) {
            body.writeTo(out);
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    private String boundary(int multipart) {
        return "----=_PEC_" + multipart + "_" + token;
    }

    /** Folded as Jakarta Mail folds a Content-Type. */
    private static String multipartType(String subtype, String boundary) {
        ParameterList params = new ParameterList();
        params.set("boundary", boundary);
        return new ContentType("multipart", subtype, params).toString();
    }

    private static Body textPart(String text, String subtype) {
        return entity(List.of(Map.entry("Content-Type", "text/" + subtype + "; charset=\"iso-8859-1\""),
                        Map.entry("Content-Transfer-Encoding", "quoted-printable"),
                        Map.entry("Content-Disposition", "inline")),
                encoded(Encoding.QUOTED_PRINTABLE, text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static List<Map.Entry<String, String>> attachmentFields(String type, String name, String encoding) {
        return List.of(Map.entry("Content-Type", type + "; name=\"" + name + "\""),
                Map.entry("Content-Transfer-Encoding", encoding),
                Map.entry("Content-Disposition", "inline; filename=\"" + name + "\""));
    }

    /** Header fields, the blank line, the body. */
    private static Body entity(List<Map.Entry<String, String>> fields, Body body) {
        return out -> {
            for (Map.Entry<String, String> f : fields) {
                field(out, f.getKey(), f.getValue());
            }
            out.write(CRLF);
            body.writeTo(out);
        };
    }

    /** RFC 2046 §5.1.1, as Jakarta Mail lays it out: no preamble, a line break after each part and at the end. */
    private static Body multipart(String boundary, List<Body> parts) {
        byte[] delimiter = ("--" + boundary + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] close = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        return out -> {
            for (Body part : parts) {
                out.write(delimiter);
                part.writeTo(out);
                out.write(CRLF);
            }
            out.write(close);
        };
    }

    /**
     * Through Jakarta Mail's own encoder, flushed and not closed as a part's writeTo leaves it (base64 ends a last
     * full line with CRLF, a shorter one without).
     */
    private static Body encoded(Encoding encoding, byte[] bytes) {
        return out -> {
            OutputStream encoder = encoding == Encoding.BASE64 ? STREAMS.outputBase64(out) : STREAMS.outputQP(out);
            encoder.write(bytes);
            encoder.flush();
        };
    }

    private enum Encoding { BASE64, QUOTED_PRINTABLE }

    private static void copyCanonical(SpooledPart original, OutputStream out) throws IOException {
        CrlfOutputStream crlf = new CrlfOutputStream(out, true);
        try (InputStream in = original.getInputStream()) {
            in.transferTo(crlf);
        }
        crlf.finish();
    }

    private static void field(OutputStream out, String name, String value) throws IOException {
        out.write((name + ": " + value).getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
    }

    /**
     * The message's own header fields, written in the order Jakarta Mail's {@code InternetHeaders} kept for them:
     * the known fields in RFC 5322 order, then the others (the X-* fields of PEC) in the order they were set.
     */
    static final class Header {
        private static final List<String> KNOWN_ORDER = List.of("Date", "From", "Reply-To", "To", "Message-ID",
                "Subject", "MIME-Version", "Content-Type");

        private final Map<String, String> fields = new LinkedHashMap<>();

        /** Sets (or replaces) a field; {@code value} is written as given, already encoded and folded. */
        Header set(String name, String value) {
            fields.put(name, value);
            return this;
        }

        private void writeTo(OutputStream out) throws IOException {
            for (String name : KNOWN_ORDER) {
                String value = fields.get(name);
                if (value != null) {
                    field(out, name, value);
                }
            }
            for (Map.Entry<String, String> f : fields.entrySet()) {
                if (!KNOWN_ORDER.contains(f.getKey())) {
                    field(out, f.getKey(), f.getValue());
                }
            }
        }
    }
}
