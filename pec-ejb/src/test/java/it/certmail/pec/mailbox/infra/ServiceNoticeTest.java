package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.receipts.infra.PecTestProvider;

/** The provider's notices into mailboxes are signed messages from its service address that clients can verify. */
class ServiceNoticeTest {

    private static final String TO = "anna@" + PecTestProvider.DOMAIN;
    private static final String BODY = "La casella " + TO + " sarà cancellata con tutto il contenuto il 30/04/2025."
            + " Riattivandola prima di quella data conservi indirizzo e contenuto.";

    @TempDir
    Path tmp;

    private byte[] notice() throws Exception {
        return ServiceNotice.compose(PecTestProvider.signer(SignatureProfile.DEFAULT), TO,
                "Ultimo avviso: cancellazione della casella", BODY, PecTestProvider.TIME);
    }

    @Test
    void noticeShouldBeSignedByTheServiceAddressAndVerifyWithBouncyCastle() throws Exception {
        byte[] raw = notice();

        SignatureCheck check = new SmimeVerifier(List.of(PecTestProvider.material().caCertificate()),
                Clock.fixed(PecTestProvider.TIME, ZoneOffset.UTC)).verify(raw);

        assertThat(check.valid()).as("%s", check.problems()).isTrue();
        assertThat(check.signerAddress()).isEqualTo(PecTestProvider.SERVICE_ADDRESS);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo(PecTestProvider.SERVICE_ADDRESS);
        assertThat(m.getHeader("To", ",")).isEqualTo(TO);
        assertThat(m.getSubject()).isEqualTo("Ultimo avviso: cancellazione della casella");
        assertThat(m.getHeader("Auto-Submitted", ",")).isEqualTo("auto-generated");
        assertThat(m.getContentType()).startsWith("multipart/signed");
        assertThat(check.signedContent().getContent()).isEqualTo(BODY);
    }

    @Test
    void aChangedNoticeShouldNotVerify() throws Exception {
        String raw = new String(notice(), StandardCharsets.ISO_8859_1);
        String tampered = raw.replaceFirst("Riattivandola", "Rinnovandola");
        assertThat(tampered).isNotEqualTo(raw);

        SignatureCheck check = new SmimeVerifier(List.of(PecTestProvider.material().caCertificate()),
                Clock.fixed(PecTestProvider.TIME, ZoneOffset.UTC)).verify(tampered.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(check.signed()).isTrue();
        assertThat(check.signatureValid()).isFalse();
    }

    @Test
    void openSslShouldVerifyTheNotice() throws Exception {
        OpenSsl.assumeAvailable();
        Path ca = tmp.resolve("ca.pem");
        Certificates.writePem(ca, List.of(PecTestProvider.material().caCertificate()));

        OpenSsl.Result r = OpenSsl.verifySmime(notice(), ca, PecTestProvider.TIME);

        assertThat(r.ok()).as("openssl: %s", r.stderr()).isTrue();
        assertThat(r.stderr()).contains("Verification successful");
        assertThat(r.stdout()).contains("Riattivandola prima di quella data");
    }
}
