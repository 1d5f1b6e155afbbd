package it.certmail.pec.index.domain;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Objects;

/**
 * Certificato di firma del gestore (providerCertificate, RFC 6109 §4.5.2): the DER bytes of one of a
 * provider's signing certificates and their SHA-1 hash. A provider may list several during a key rollover.
 *
 * @param der     DER encoding of an X.509 certificate (defensively copied)
 * @param sha1Hex {@link CertificateHash#sha1Hex(byte[])} of {@code der}
 */
public record SigningCertificate(byte[] der, String sha1Hex) {

    public SigningCertificate {
        Objects.requireNonNull(der, "der");
        der = der.clone();
        String computed = CertificateHash.sha1Hex(der);
        if (!computed.equals(sha1Hex)) {
            throw new IllegalArgumentException("sha1Hex " + sha1Hex + " is not the hash of der (" + computed + ")");
        }
    }

    /**
     * @throws IllegalArgumentException if {@code der} is not an X.509 certificate
     */
    public static SigningCertificate of(byte[] der) {
        Objects.requireNonNull(der, "der");
        try {
            // parsing is the cheapest proof that the LDIF value really is a certificate
            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not a DER X.509 certificate: " + e.getMessage(), e);
        }
        return new SigningCertificate(der, CertificateHash.sha1Hex(der));
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningCertificate other && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "SigningCertificate[sha1Hex=" + sha1Hex + ", " + der.length + " bytes]";
    }
}
