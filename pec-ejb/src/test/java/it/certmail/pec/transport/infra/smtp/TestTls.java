package it.certmail.pec.transport.infra.smtp;

import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLContext;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.crypto.TlsCredentials;

/** One local CA and TLS certificate (SAN localhost, 127.0.0.1) shared by the SMTP tests; RSA key generation is slow. */
final class TestTls {

    static final LocalPki.CertificateAuthority CA;
    static final TlsCredentials SERVER;
    static final LocalPki.CertificateAuthority OTHER_CA;

    static {
        LocalPki pki = new LocalPki();
        Instant now = Instant.now().minusSeconds(3600);
        CA = pki.createCa("Test Provider", now);
        SERVER = pki.issueTls(CA, "Test Provider", "pec.test", now);
        OTHER_CA = pki.createCa("Someone Else", now);
    }

    private TestTls() {
    }

    static SSLContext server() {
        try {
            return TlsContexts.server(SERVER);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext clientTrustingOurCa() {
        try {
            return TlsContexts.client(List.of(CA.certificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SSLContext clientTrustingOtherCa() {
        try {
            return TlsContexts.client(List.of(OTHER_CA.certificate()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
