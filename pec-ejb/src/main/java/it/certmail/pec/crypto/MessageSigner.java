package it.certmail.pec.crypto;

import java.time.Instant;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

import it.certmail.pec.mime.Spool;

/**
 * Signs the content of a PEC message with the provider's key (RFC 6109 §2.1: S/MIME v3,
 * {@code multipart/signed}, signer certificate included).
 */
public interface MessageSigner {

    /**
     * @param content     the entity to sign, usually the {@code multipart/mixed} with text, daticert.xml
     *                    and postacert.eml
     * @param signingTime the transaction's single time reference (RFC 6109 §4.1), written as the CMS
     *                    signingTime attribute
     * @return the {@code multipart/signed} to set as the message content; when it is also {@link java.io.Closeable}
     *         (its signed part reads from a spool), close it once the message has been written out
     */
    MimeMultipart sign(MimeBodyPart content, Instant signingTime) throws MessagingException;

    /**
     * Signs an entity already written out, for a writer that lays out the {@code multipart/signed} itself.
     *
     * @param entity      the exact bytes of the signed part (RFC 1847 §2.1): headers and body, canonical CRLF
     *                    line ends; not closed here
     * @param signingTime as for {@link #sign}
     */
    DetachedSignature signEntity(Spool entity, Instant signingTime) throws MessagingException;

    /** The address in the signing certificate's subjectAltName: the provider's service address. */
    String signerAddress();
}
