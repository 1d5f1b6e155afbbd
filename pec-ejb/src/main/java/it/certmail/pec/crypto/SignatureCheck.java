package it.certmail.pec.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeBodyPart;

/**
 * Esito della verifica della firma: the outcome of checking an S/MIME signature, as data (RFC 6109 §2.2.2,
 * §3.2.2: a failed check makes the message ordinary mail, never an exception).
 *
 * @param signed             the message is S/MIME signed and its CMS structure could be read
 * @param signatureValid     the signature value and the messageDigest attribute match the signed content
 * @param chainTrusted       a PKIX path from the signer to a configured trust anchor exists at the signing time
 *                           (revocation not checked)
 * @param validAtSigningTime the signer certificate's validity period contains the signing time
 * @param signer             the signer certificate, if found in the CMS structure
 * @param signerAddress      first subjectAltName rfc822Name of the signer, if any
 * @param signingTime        the CMS signingTime attribute, if present
 * @param digestAlgorithm    JCA name of the digest ({@code SHA-1}, {@code SHA-256}, ...) or its OID; null if
 *                           unknown
 * @param signedContent      the signed MIME entity (parsed from the verified bytes), if it could be extracted
 * @param problems           human-readable reasons for every failed or skipped check; empty when all passed
 */
public record SignatureCheck(boolean signed, boolean signatureValid, boolean chainTrusted,
                             boolean validAtSigningTime, X509Certificate signer, String signerAddress,
                             Instant signingTime, String digestAlgorithm, MimeBodyPart signedContent,
                             List<String> problems) {

    public SignatureCheck {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** Not signed (or unreadable): all checks false. */
    static SignatureCheck unsigned(List<String> problems) {
        return new SignatureCheck(false, false, false, false, null, null, null, null, null, problems);
    }

    /** Every check passed: signed, intact, trusted and in validity at signing time. */
    public boolean valid() {
        return signed && signatureValid && chainTrusted && validAtSigningTime;
    }
}
