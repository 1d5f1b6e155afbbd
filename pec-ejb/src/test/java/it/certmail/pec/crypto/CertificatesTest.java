package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesTest {

    @Test
    void sha1HexShouldMatchProviderCertificateHashOfArubaCertificate() throws Exception {
        X509Certificate aruba = Certificates.readSinglePem(TestFiles.arubaCert());

        assertThat(Certificates.sha1Hex(aruba)).isEqualTo("B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B");
    }

    @Test
    void subjectHelpersShouldExtractArubaNames() throws Exception {
        X509Certificate aruba = Certificates.readSinglePem(TestFiles.arubaCert());

        assertThat(Certificates.subjectAttribute(aruba, "O")).containsExactly("Aruba PEC S.p.A.");
        assertThat(Certificates.subjectAttribute(aruba, "cn")).containsExactly("Posta Certificata ARUBA PEC");
        assertThat(Certificates.rfc822Names(aruba)).containsExactly("posta-certificata@pec.aruba.it");
        assertThat(Certificates.issuerAttribute(aruba, "CN")).containsExactly("AgID CA1");
        assertThat(Certificates.subjectAttribute(aruba, "OU")).isEmpty();
    }

    @Test
    void pemShouldRoundTripSeveralCertificates(@TempDir Path dir) throws Exception {
        X509Certificate aruba = Certificates.readSinglePem(TestFiles.arubaCert());
        X509Certificate agid = Certificates.readSinglePem(TestFiles.agidCa1());
        Path file = dir.resolve("chain.pem");

        Certificates.writePem(file, List.of(aruba, agid));

        assertThat(Certificates.readPem(file)).containsExactly(aruba, agid);
        assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----\n");
        assertThat(Certificates.parsePem("junk before\n" + Certificates.toPem(agid) + "junk after"))
                .containsExactly(agid);
        assertThat(Certificates.parsePem("no certificate here")).isEmpty();
    }
}
