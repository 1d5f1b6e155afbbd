package it.certmail.pec.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies of a real signed receipt altered after signing, as an archive or a mail relay could damage them: each
 * changes only bytes inside the signed entity, so the signature no longer matches (and {@code openssl smime -verify}
 * says so too).
 */
public final class AlteredVectors {

    /** The daticert.xml part of the Aruba receipts: its headers, then base64 in 60-column lines. */
    private static final Pattern DATICERT = Pattern.compile(
            "(filename=\"daticert\\.xml\"\nContent-Transfer-Encoding: base64\n\n)([A-Za-z0-9+/=\n]+?)(\n\n)");

    private AlteredVectors() {
    }

    /** The daticert.xml attachment no longer well-formed XML (a closing tag cut), re-encoded as before. */
    public static byte[] brokenXmlAttachment(byte[] eml) {
        return replaceDaticert(eml, xml -> {
            String broken = xml.replace("</postacert>", "</postacert");
            if (broken.equals(xml)) {
                throw new IllegalStateException("no </postacert> in the daticert");
            }
            return wrap(Base64.getEncoder().encodeToString(broken.getBytes(StandardCharsets.UTF_8)), 60);
        });
    }

    /** The daticert.xml part re-encoded: the same decoded bytes, base64 wrapped at 76 columns instead of 60. */
    public static byte[] reencodedPart(byte[] eml) {
        return replaceDaticert(eml, xml -> wrap(Base64.getEncoder()
                .encodeToString(xml.getBytes(StandardCharsets.UTF_8)), 76));
    }

    /** Blank lines stripped in the signed text: the empty line before each inner boundary of the body parts. */
    public static byte[] strippedWhitespace(byte[] eml) {
        String text = new String(eml, StandardCharsets.ISO_8859_1);
        String stripped = text.replace("trasmissione\n\n------------=_", "trasmissione\n------------=_")
                .replace("</html>\n\n------------=_", "</html>\n------------=_");
        if (stripped.equals(text)) {
            throw new IllegalStateException("nothing to strip");
        }
        return stripped.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] replaceDaticert(byte[] eml, java.util.function.UnaryOperator<String> newBase64OfXml) {
        String text = new String(eml, StandardCharsets.ISO_8859_1);
        Matcher m = DATICERT.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no base64 daticert.xml part");
        }
        String xml = new String(Base64.getMimeDecoder().decode(m.group(2)), StandardCharsets.UTF_8);
        String replaced = newBase64OfXml.apply(xml);
        if (replaced.equals(m.group(2))) {
            throw new IllegalStateException("the alteration changed nothing");
        }
        return (text.substring(0, m.start(2)) + replaced + text.substring(m.end(2))).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String wrap(String base64, int columns) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < base64.length(); i += columns) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(base64, i, Math.min(base64.length(), i + columns));
        }
        return out.toString();
    }
}
