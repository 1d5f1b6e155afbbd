package it.certmail.pec.receipts.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import jakarta.mail.Session;

import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.receipts.domain.Daticert;

/**
 * A PEC message the composer built and signed, with the certification data it wrote: whoever files it needs them
 * and should not read and DTD-validate its own daticert.xml back from the bytes.
 */
public final class ComposedMessage extends SpooledMimeMessage {

    private final Daticert daticert;
    private final byte[] daticertXml;

    /** @param headerSection the first bytes of {@code bytes}: the header fields and the blank line after them */
    ComposedMessage(Session session, Spool bytes, byte[] headerSection, Daticert daticert, byte[] daticertXml)
            throws IOException {
        super(session, bytes, RawEntity.parse(headerSection).fields().stream().map(ComposedMessage::unterminated)
                .toList(), headerSection.length);
        this.daticert = daticert;
        this.daticertXml = daticertXml;
    }

    /** A field as the header parser hands it over: read as ISO-8859-1, without its final CRLF. */
    private static String unterminated(RawEntity.Field field) {
        String s = new String(field.raw(), StandardCharsets.ISO_8859_1);
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s;
    }

    /** The data written as daticert.xml; empty for a busta di anomalia, which has none. */
    public Optional<Daticert> daticert() {
        return Optional.ofNullable(daticert);
    }

    /** The bytes of daticert.xml as carried; empty for a busta di anomalia. */
    public Optional<byte[]> daticertXml() {
        return Optional.ofNullable(daticertXml).map(byte[]::clone);
    }
}
