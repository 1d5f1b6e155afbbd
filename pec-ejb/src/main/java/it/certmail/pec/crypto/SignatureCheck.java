package it.certmail.pec.crypto;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeBodyPart;

/**
 * Esito della verifica della firma: the outcome of checking an S/MIME signature, as data (RFC 6109 §2.2.2,
 * §3.2.2: a failed check makes the message ordinary mail, never an exception).
 *
 * <p>Each component is one fact, checked on its own; the verdicts ({@link #validAtSigningTime()},
 * {@link #validNow()}) are derived from them, so a signature over altered content is never valid at any time
 * whatever its certificate.
 *
 * @param signed             the message is S/MIME signed and its CMS structure could be read
 * @param signatureValid     content integrity: the signature value and the messageDigest attribute match the signed
 *                           content as it is now
 * @param chainTrusted       a PKIX path from the signer to a configured trust anchor exists at the signing time
 *                           (revocation not checked)
 * @param certificateValidAtSigningTime the signer certificate's validity period contains the signing time
 * @param certificateValidNow           the signer certificate's validity period contains the verifier's now
 * @param signer             the signer certificate, if found in the CMS structure
 * @param signerAddress      first subjectAltName rfc822Name of the signer, if any
 * @param signingTime        the CMS signingTime attribute, if present
 * @param digestAlgorithm    JCA name of the digest ({@code SHA-1}, {@code SHA-256}, ...) or its OID; null if
 *                           unknown
 * @param signedContent      the signed MIME entity (parsed from the verified bytes), if it could be extracted
 * @param problems           human-readable reasons for every failed or skipped check; empty when all passed
 */
public record SignatureCheck(boolean signed, boolean signatureValid, boolean chainTrusted,
                             boolean certificateValidAtSigningTime, boolean certificateValidNow,
                             X509Certificate signer, String signerAddress,
                             Instant signingTime, String digestAlgorithm, MimeBodyPart signedContent,
                             List<String> problems) {

    public SignatureCheck {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }

    /** Not signed (or unreadable): all checks false. */
    static SignatureCheck unsigned(List<String> problems) {
        return new SignatureCheck(false, false, false, false, false, null, null, null, null, null, problems);
    }

    /** Every check passed: signed, intact, trusted and in validity at signing time. */
    public boolean valid() {
        return signed && signatureValid && chainTrusted && certificateValidAtSigningTime;
    }

    /** The content is the one that was signed. */
    public boolean contentIntact() {
        return signed && signatureValid;
    }

    /** As of its signing time: intact, a trusted chain, the certificate in its validity then. */
    public boolean validAtSigningTime() {
        return valid();
    }

    /** Valid at signing time, and the certificate still in its validity now (what live reception requires). */
    public boolean validNow() {
        return valid() && certificateValidNow;
    }
}
