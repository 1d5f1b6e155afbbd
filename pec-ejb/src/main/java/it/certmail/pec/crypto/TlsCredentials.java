package it.certmail.pec.crypto;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Credenziali TLS: key and certificate chain of the provider's SMTP/IMAP/POP3 servers (RFC 6109 §5.3).
 *
 * @param privateKey  the server key
 * @param certificate the server certificate (SAN dNSName of the service host names)
 * @param chain       issuer certificates, nearest first
 */
public record TlsCredentials(PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {

    public TlsCredentials {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        chain = chain == null ? List.of() : List.copyOf(chain);
    }

    /** Certificate followed by the chain, as a TLS server presents it. */
    public List<X509Certificate> certificatePath() {
        return Certificates.concat(certificate, chain);
    }
}
