package it.certmail.pec.transport.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.receipts.infra.PecVerdict;

/** The check of every message the harnesses make us generate, as live reception and an outside client judge it. */
final class OurMessages {

    private OurMessages() {
    }

    /**
     * The classifier accepts it as a correct PEC message of that kind signed by us (signature, DTD, fields);
     * OpenSSL verifies it against our CA at {@code at}.
     */
    static void check(PecMessageClassifier classifier, Path tmp, Instant at, byte[] raw, PecMessageKind kind)
            throws Exception {
        PecVerdict verdict = classifier.classify(raw);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.certified()).isTrue();
        assertThat(verdict.kind()).contains(kind);
        assertThat(verdict.provider().orElseThrow().name()).isEqualTo(PecTestProvider.NAME);
        if (OpenSsl.binary().isPresent()) {
            Path ca = tmp.resolve("ca.pem");
            Certificates.writePem(ca, List.of(PecTestProvider.material().caCertificate()));
            OpenSsl.Result r = OpenSsl.verifySmime(raw, ca, at);
            assertThat(r.ok()).as("openssl: %s", r.stderr()).isTrue();
        }
    }
}
