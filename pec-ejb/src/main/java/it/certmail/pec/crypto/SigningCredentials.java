package it.certmail.pec.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Chiave del gestore: the provider's signing key, its certificate and the issuing chain (RFC 6109 §1.2.3, §5.5).
 *
 * @param privateKey  the signing key (RSA)
 * @param certificate the signing certificate, whose subjectAltName rfc822Name is the provider's service address
 * @param chain       issuer certificates, nearest first (the root may be omitted); embedded in every signature
 */
public record SigningCredentials(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {

    public SigningCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /** The first rfc822Name of the certificate's subjectAltName, or {@code null} if it has none. */
    public String signerAddress() {
        return Certificates.firstRfc822Name(certificate);
    }

    /** Certificate followed by the chain: what goes into the CMS {@code certificates} field. */
    public List<X509Certificate> certificatePath() {
        return Certificates.concat(certificate, chain);
    }
}
