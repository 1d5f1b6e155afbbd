package it.certmail.pec.receipts.infra;

import java.io.IOException;
import java.util.Optional;

import jakarta.mail.MessagingException;
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

    ComposedMessage(Session session, Spool bytes, Daticert daticert, byte[] daticertXml)
            throws MessagingException, IOException {
        super(session, bytes);
        this.daticert = daticert;
        this.daticertXml = daticertXml;
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
