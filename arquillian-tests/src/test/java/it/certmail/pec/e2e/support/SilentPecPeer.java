package it.certmail.pec.e2e.support;

import java.io.Closeable;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.index.infra.ProviderLdif;

/**
 * Un gestore PEC muto: a PEC provider for {@code mailDomain} that has an index record (so its domain is
 * certified), a CA, a TLS certificate for STARTTLS, takes envelopes with 250 and never sends a presa in carico or
 * a consegna: what the 12 h / 24 h notices exist for.
 */
public final class SilentPecPeer implements Closeable {

    private final String mailDomain;
    private final ProviderKeyMaterial material;
    private final FakeSmtpServer smtp;
    private final String providerName;

    public SilentPecPeer(String providerName, String mailDomain, int port) throws IOException {
        this.providerName = providerName;
        this.mailDomain = mailDomain;
        this.material = new LocalPki().generate(providerName, "pec." + mailDomain, Instant.now()).material();
        try {
            this.smtp = new FakeSmtpServer("mx.pec." + mailDomain, port, TlsContexts.server(material.tls()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The index record (LDIF) to import into the providers that must see {@code mailDomain} as PEC. */
    public String ldif() {
        try {
            ProviderRecord record = ProviderRecord.of(providerName, null, "posta-certificata@pec." + mailDomain,
                    Set.of(mailDomain, "pec." + mailDomain),
                    List.of(SigningCertificate.of(material.signing().certificate().getEncoded())), null,
                    "silent test peer");
            return new ProviderLdif().write(record);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its CA, to trust for its TLS certificate. */
    public String caPem() {
        return Certificates.toPem(material.caCertificate());
    }

    public FakeSmtpServer smtp() {
        return smtp;
    }

    @Override
    public void close() throws IOException {
        smtp.close();
    }
}
