package it.certmail.pec.index.infra;

import static it.certmail.pec.index.domain.ProviderFixtures.ALFA_2025_SHA1;
import static it.certmail.pec.index.domain.ProviderFixtures.ARUBA_2017_SHA1;
import static it.certmail.pec.index.domain.ProviderFixtures.BETA_2024_SHA1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import it.certmail.pec.index.domain.ProviderFixtures;
import it.certmail.pec.index.domain.ProviderRecord;

class ProviderLdifTest {

    private final ProviderLdif ldif = new ProviderLdif();

    private static String exampleDirectory() {
        try (InputStream in = ProviderLdifTest.class.getResourceAsStream("/index/igpec-example.ldif")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readShouldDecodeTheExampleDirectoryWithFoldedBase64Certificates() {
        LdifReadResult result = ldif.read(exampleDirectory());

        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).containsExactlyElementsOf(ProviderFixtures.all());
        assertThat(result.directoryLdifLocationUrl()).isEqualTo("https://igpec.rupa.example.com/igpec.ldif.p7m");
    }

    @Test
    void readShouldKeepBothCertificatesOfARollover() {
        ProviderRecord alfa = ldif.read(exampleDirectory()).records().get(0);

        assertThat(alfa.certificateHashes()).containsExactly(ARUBA_2017_SHA1, ALFA_2025_SHA1);
        assertThat(alfa.certificates().get(0).der()).isEqualTo(ProviderFixtures.aruba2017Certificate().der());
    }

    @Test
    void readShouldLowerCaseManagedDomains() {
        ProviderRecord alfa = ldif.read(exampleDirectory()).records().get(0);

        assertThat(alfa.managedDomains()).containsExactly("legal.alfa.example", "pec.alfa.example");
    }

    @Test
    void readShouldAcceptUtf8Bytes() {
        LdifReadResult result = ldif.read(new ByteArrayInputStream(exampleDirectory().getBytes(StandardCharsets.UTF_8)));

        assertThat(result.records()).hasSize(3);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void readShouldReportAndSkipAnEntryWhoseHashDoesNotMatchItsCertificate() {
        String text = ldif.write(ProviderFixtures.alfa()).replace(ALFA_2025_SHA1, BETA_2024_SHA1)
                + "\n" + ldif.write(ProviderFixtures.beta());

        LdifReadResult result = ldif.read(text);

        assertThat(result.records()).containsExactly(ProviderFixtures.beta());
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.dn()).isEqualTo("providerName=Gestore Alfa,o=postacert");
            assertThat(p.message()).contains("does not match").contains(BETA_2024_SHA1).contains(ALFA_2025_SHA1);
        });
    }

    @Test
    void readShouldReportACertificateWithoutItsHash() {
        String text = ldif.write(ProviderFixtures.alfa()).replace("providerCertificateHash: " + ALFA_2025_SHA1 + "\n", "");

        LdifReadResult result = ldif.read(text);

        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).singleElement().extracting(LdifProblem::message).asString()
                .contains("certificates without hash [" + ALFA_2025_SHA1 + "]");
    }

    @Test
    void readShouldReportEachMissingMustAttribute() {
        String beta = ldif.write(ProviderFixtures.beta());
        String noMailReceipt = beta.replace("mailReceipt: ricevute@pec.beta.example\n", "");
        String noDomains = beta.replace("managedDomains: pec.beta.example\n", "");
        String noHash = beta.replace("providerCertificateHash: " + BETA_2024_SHA1 + "\n", "");
        String noCertificate = withoutCertificates(beta);

        assertThat(problemOf(noMailReceipt)).contains("mailReceipt is missing");
        assertThat(problemOf(noDomains)).contains("managedDomains is missing");
        assertThat(problemOf(noHash)).contains("providerCertificateHash is missing");
        assertThat(problemOf(noCertificate)).contains("providerCertificate is missing");
    }

    @Test
    void readShouldReportAnEntryWithoutProviderObjectClass() {
        String text = ldif.write(ProviderFixtures.beta()).replace("objectClass: provider\n", "objectClass: person\n");

        assertThat(problemOf(text)).contains("objectClass provider");
    }

    @Test
    void readShouldReportMalformedBase64AndContinueWithTheNextEntry() {
        String text = """
                dn: providerName=Broken,o=postacert
                objectclass: provider
                providerName: Broken
                providerCertificate;binary:: @@@not base64@@@
                mailReceipt: a@broken.example

                """ + ldif.write(ProviderFixtures.beta());

        LdifReadResult result = ldif.read(text);

        assertThat(result.records()).containsExactly(ProviderFixtures.beta());
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.dn()).isEqualTo("providerName=Broken,o=postacert");
            assertThat(p.message()).startsWith("line ");
        });
    }

    @Test
    void readShouldReportBytesThatAreNotACertificate() {
        String garbage = Base64.getEncoder().encodeToString("not a certificate".getBytes(StandardCharsets.US_ASCII));
        String text = withoutCertificates(ldif.write(ProviderFixtures.beta()))
                + "providerCertificate;binary:: " + garbage + "\n";

        assertThat(problemOf(text)).contains("providerCertificate").contains("X.509");
    }

    @Test
    void readShouldAcceptCertificateWithoutBinaryOption() {
        String text = ldif.write(ProviderFixtures.beta()).replace("providerCertificate;binary::", "providerCertificate::");

        assertThat(ldif.read(text).records()).containsExactly(ProviderFixtures.beta());
    }

    @Test
    void readShouldReportAnEntryOutsideThePostacertTree() {
        String text = """
                dn: cn=someone,o=example
                objectclass: person
                cn: someone

                """;

        LdifReadResult result = ldif.read(text);

        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).singleElement().extracting(LdifProblem::message).asString()
                .contains("not a provider entry");
    }

    @Test
    void readShouldReportProviderNameThatDiffersFromTheDn() {
        String text = ldif.write(ProviderFixtures.beta()).replace("providerName: Gestore Beta", "providerName: Gestore Gamma");

        assertThat(problemOf(text)).contains("differs from the DN");
    }

    @Test
    void readShouldReportASingleValuedAttributeGivenTwice() {
        String text = ldif.write(ProviderFixtures.beta())
                .replace("mailReceipt: ricevute@pec.beta.example\n",
                        "mailReceipt: ricevute@pec.beta.example\nmailReceipt: altro@pec.beta.example\n");

        assertThat(problemOf(text)).contains("mailReceipt is single-valued");
    }

    @Test
    void readShouldReportLdifLocationOnASecondaryEnvironment() {
        String text = ldif.write(ProviderFixtures.betaAmbiente2()).stripTrailing()
                + "\nLDIFLocationURL: https://www.beta.example/ambiente2.ldif.p7m\n";

        assertThat(problemOf(text)).contains("secondary environment must not have LDIFLocationURL");
    }

    @Test
    void readShouldReportADomainAlreadyClaimedByAnEarlierEntry() {
        ProviderRecord gamma = new ProviderRecord("Gestore Gamma", null, "ricevute@pec.gamma.example",
                Set.of("pec.gamma.example", "pec.beta.example"), List.of(ProviderFixtures.alfa2025Certificate()), null, null);
        String text = ldif.write(List.of(ProviderFixtures.beta(), gamma));

        LdifReadResult result = ldif.read(text);

        assertThat(result.records()).containsExactly(ProviderFixtures.beta());
        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.dn()).isEqualTo("providerName=Gestore Gamma,o=postacert");
            assertThat(p.message()).contains("pec.beta.example").contains("providerName=Gestore Beta,o=postacert");
        });
    }

    @Test
    void readShouldReportACertificateAlreadyClaimedByAnEarlierEntry() {
        ProviderRecord gamma = new ProviderRecord("Gestore Gamma", null, "ricevute@pec.gamma.example",
                Set.of("pec.gamma.example"), List.of(ProviderFixtures.beta2024Certificate()), null, null);

        LdifReadResult result = ldif.read(ldif.write(List.of(ProviderFixtures.beta(), gamma)));

        assertThat(result.records()).containsExactly(ProviderFixtures.beta());
        assertThat(result.problems()).singleElement().extracting(LdifProblem::message).asString()
                .contains(BETA_2024_SHA1);
    }

    @Test
    void readShouldTolerateTheProviderUnitsTypoOfTheRfc() {
        String text = ldif.write(ProviderFixtures.betaAmbiente2())
                .replace("dn: providerUnit=Ambiente2,", "dn: providerUnits=Ambiente2,");

        assertThat(ldif.read(text).records()).containsExactly(ProviderFixtures.betaAmbiente2());
    }

    @Test
    void readShouldNeverThrowOnGarbage() {
        assertThat(ldif.read("this is : not\n ldif\n\n::\n\ndn:: %%%\n").problems()).isNotEmpty();
        assertThat(ldif.read((String) null)).satisfies(r -> {
            assertThat(r.records()).isEmpty();
            assertThat(r.problems()).isEmpty();
        });
        assertThat(ldif.read("dn: providerName=X,o=postacert\nchangetype: delete\n").problems()).isNotEmpty();
    }

    @Test
    void writeShouldProduceTheDnObjectClassesAndBase64Certificates() {
        String text = ldif.write(ProviderFixtures.alfa());

        assertThat(text).startsWith("dn: providerName=Gestore Alfa,o=postacert\n")
                .contains("objectClass: top\n", "objectClass: provider\n", "providerName: Gestore Alfa\n",
                        "mailReceipt: posta-certificata@pec.alfa.example\n",
                        "managedDomains: legal.alfa.example\n", "managedDomains: pec.alfa.example\n",
                        "providerCertificateHash: " + ARUBA_2017_SHA1 + "\n",
                        "providerCertificateHash: " + ALFA_2025_SHA1 + "\n",
                        "LDIFLocationURL: https://ldif.alfa.example/gestore-alfa.ldif.p7m\n")
                .doesNotContain("providerUnit");
        assertThat(text.split("\n")).filteredOn(l -> l.startsWith("providerCertificate;binary:: MII")).hasSize(2);
        assertThat(text.split("\n")).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(76));
    }

    @Test
    void writeShouldPutTheProviderUnitFirstInTheDn() {
        assertThat(ldif.write(ProviderFixtures.betaAmbiente2()))
                .startsWith("dn: providerUnit=Ambiente2,providerName=Gestore Beta,o=postacert\n")
                .contains("providerUnit: Ambiente2\n")
                .doesNotContain("LDIFLocationURL");
    }

    @Test
    void readShouldRoundTripEveryFixture() {
        for (ProviderRecord r : ProviderFixtures.all()) {
            LdifReadResult result = ldif.read(ldif.write(r));
            assertThat(result.problems()).isEmpty();
            assertThat(result.records()).containsExactly(r);
        }
        assertThat(ldif.read(ldif.write(ProviderFixtures.all())).records()).isEqualTo(ProviderFixtures.all());
    }

    @Test
    void readShouldRoundTripNamesThatNeedDnEscapingAndNonAsciiText() {
        ProviderRecord r = new ProviderRecord("Società Gamma, S.p.A. + \"PEC\"", "Sede=Roma", "ricevute@pec.gamma.example",
                Set.of("pec.gamma.example"), List.of(ProviderFixtures.alfa2025Certificate()), null,
                "Società di gestione; più ambienti");

        LdifReadResult result = ldif.read(ldif.write(r));

        assertThat(result.problems()).isEmpty();
        assertThat(result.records()).containsExactly(r);
    }

    private String problemOf(String text) {
        LdifReadResult result = ldif.read(text);
        assertThat(result.records()).isEmpty();
        assertThat(result.problems()).hasSize(1);
        return result.problems().get(0).message();
    }

    /** Drops the (folded) providerCertificate lines of a written entry. */
    private static String withoutCertificates(String entry) {
        StringBuilder out = new StringBuilder();
        boolean inCertificate = false;
        for (String line : entry.split("\n", -1)) {
            if (line.startsWith("providerCertificate;binary::")) {
                inCertificate = true;
                continue;
            }
            if (inCertificate && line.startsWith(" ")) {
                continue;
            }
            inCertificate = false;
            out.append(line).append('\n');
        }
        return out.toString().replaceAll("\n+$", "\n");
    }
}
