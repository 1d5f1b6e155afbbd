package it.certmail.pec.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Contesti TLS: {@link SSLContext} factories for the provider's SMTP/IMAP/POP3 endpoints (RFC 6109 §5.3). */
public final class TlsContexts {

    private static final String PROTOCOL = "TLS";
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TlsContexts() {
    }

    /**
     * Server context presenting {@code credentials}; peers are trusted by the JDK defaults (client auth off). Only
     * TLS 1.2 and 1.3 with forward-secret AEAD suites ({@link StrictTls}).
     */
    public static SSLContext server(TlsCredentials credentials) throws GeneralSecurityException {
        return StrictTls.wrap(context(credentials, null));
    }

    /**
     * Context presenting {@code credentials} (may be {@code null} for a client without certificate) and trusting
     * only {@code trustAnchors} (or the JDK default trust store when {@code null}).
     */
    public static SSLContext context(TlsCredentials credentials, Collection<X509Certificate> trustAnchors)
            throws GeneralSecurityException {
        KeyManagerFactory kmf = null;
        if (credentials != null) {
            KeyStore ks = emptyKeyStore();
            ks.setKeyEntry("tls", credentials.privateKey(), IN_MEMORY_PASSWORD,
                    credentials.certificatePath().toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, IN_MEMORY_PASSWORD);
        }
        TrustManagerFactory tmf = null;
        if (trustAnchors != null) {
            KeyStore ts = emptyKeyStore();
            int i = 0;
            for (X509Certificate c : trustAnchors) {
                ts.setCertificateEntry("anchor-" + i++, c);
            }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
        }
        SSLContext ctx = SSLContext.getInstance(PROTOCOL);
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(),
                new SecureRandom());
        return ctx;
    }

    /** Client context trusting only {@code trustAnchors}, e.g. the local CA in tests. */
    public static SSLContext client(Collection<X509Certificate> trustAnchors) throws GeneralSecurityException {
        return context(null, trustAnchors);
    }

    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot initialise in-memory key store", e);
        }
        return ks;
    }
}
