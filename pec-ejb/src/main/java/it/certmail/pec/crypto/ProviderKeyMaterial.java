package it.certmail.pec.crypto;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * Materiale crittografico del gestore: everything the provider needs at startup, i.e. the S/MIME signing
 * credentials, the TLS server credentials and the CA certificate that peers (and tests) use as trust anchor.
 *
 * @param signing       key and certificate that sign envelopes and receipts
 * @param tls           key and certificate of the TLS endpoints
 * @param caCertificate the issuing CA (the local CA, or e.g. AgID CA1 for real key material)
 */
public record ProviderKeyMaterial(SigningCredentials signing, TlsCredentials tls,
                                  X509Certificate caCertificate) {

    public ProviderKeyMaterial {
        Objects.requireNonNull(signing, "signing");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /** The same material with other signing credentials, e.g. an AgID-issued key loaded from PKCS#12. */
    public ProviderKeyMaterial withSigning(SigningCredentials other) {
        return new ProviderKeyMaterial(other, tls, caCertificate);
    }
}
