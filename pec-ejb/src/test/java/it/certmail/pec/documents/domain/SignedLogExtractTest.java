package it.certmail.pec.documents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.SmimeSigner;

/** The extract as the service signs it (the provider's SmimeSigner, detached CMS) verifies with openssl. */
class SignedLogExtractTest {

    @Test
    void theDetachedSignatureOverTheExtractVerifiesWithOpensslAndFailsOnAChangedByte() throws Exception {
        OpenSsl.assumeAvailable();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ProviderKeyMaterial material = new LocalPki().generate("Certmail", "pec.certmail.example",
                now.minus(1, ChronoUnit.HOURS)).material();
        byte[] pdf = LogExtractPdf.render(new LogExtractPdf.Header("Certmail", "pec.certmail.example",
                "mario@pec.certmail.example", now.minus(1, ChronoUnit.DAYS), now, now, 1),
                List.of(new LogExtractPdf.Entry(now.minusSeconds(60), "ACCEPTANCE", "<opec-1@pec.certmail.example>",
                        "mario@pec.certmail.example", "anna@pec.other.example", "Prova", null, null, null)),
                ZoneId.of("Europe/Rome"), DocumentLanguage.EN);
        byte[] p7s = new SmimeSigner(material.signing()).signDetached(pdf, now);
        Path ca = Files.createTempFile("ca", ".pem");
        try {
            Certificates.writePem(ca, List.of(material.caCertificate()));
            OpenSsl.Result ok = OpenSsl.verifyDetached(pdf, p7s, ca);
            assertThat(ok.ok()).as(ok.stderr()).isTrue();
            assertThat(ok.stderr()).contains("Verification successful");
            byte[] changed = pdf.clone();
            changed[changed.length / 2] ^= 1;
            assertThat(OpenSsl.verifyDetached(changed, p7s, ca).ok()).isFalse();
        } finally {
            Files.deleteIfExists(ca);
        }
    }
}
