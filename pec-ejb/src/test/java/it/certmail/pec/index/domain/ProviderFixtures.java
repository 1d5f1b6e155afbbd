package it.certmail.pec.index.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Set;

/**
 * Test data for the providers' index: two fictitious providers like the RFC 6109 §4.5.10 examples, one
 * of them with a secondary environment. Gestore Alfa signs with the real Aruba 2017 certificate from the
 * shared vectors and is rolling over to a second one.
 */
public final class ProviderFixtures {

    /** SHA-1 over DER of vectors/certs/aruba-pec-2017-posta-certificata.pem (vectors/README.md). */
    public static final String ARUBA_2017_SHA1 = "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B";
    public static final String ALFA_2025_SHA1 = "7988C5443B0185EDDB5CF27B602F0EEEA5059E72";
    public static final String BETA_2024_SHA1 = "E79ADC4B79C35385B489A1DCE5B74BE87A06F6E9";
    public static final String BETA_AMBIENTE2_SHA1 = "3D010E20C63E21B0ACF619287DF29D106F3E5219";

    private ProviderFixtures() {
    }

    public static Path sharedDir() {
        return Path.of(System.getProperty("pec.shared.dir", "../../shared"));
    }

    public static SigningCertificate aruba2017Certificate() {
        try (InputStream in = Files.newInputStream(
                sharedDir().resolve("vectors/certs/aruba-pec-2017-posta-certificata.pem"))) {
            return SigningCertificate.of(derOf(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SigningCertificate alfa2025Certificate() {
        return resourceCertificate("alfa-2025.pem");
    }

    public static SigningCertificate beta2024Certificate() {
        return resourceCertificate("beta-2024.pem");
    }

    public static SigningCertificate betaAmbiente2Certificate() {
        return resourceCertificate("beta-ambiente2-2024.pem");
    }

    /** Main record of Gestore Alfa: two certificates (rollover), two domains, an LDIFLocationURL. */
    public static ProviderRecord alfa() {
        return new ProviderRecord("Gestore Alfa", null, "posta-certificata@pec.alfa.example",
                Set.of("pec.alfa.example", "legal.alfa.example"), List.of(aruba2017Certificate(), alfa2025Certificate()),
                "https://ldif.alfa.example/gestore-alfa.ldif.p7m", "Gestore Alfa S.p.A., ambiente principale");
    }

    /** Main record of Gestore Beta: one certificate, no description. */
    public static ProviderRecord beta() {
        return new ProviderRecord("Gestore Beta", null, "ricevute@pec.beta.example",
                Set.of("pec.beta.example"), List.of(beta2024Certificate()),
                "https://www.beta.example/igpec/beta.ldif.p7m", null);
    }

    /** Secondary environment "Ambiente2" of Gestore Beta: no LDIFLocationURL (RFC 6109 §4.5.7). */
    public static ProviderRecord betaAmbiente2() {
        return new ProviderRecord("Gestore Beta", "Ambiente2", "ricevute@pec2.beta.example",
                Set.of("pec2.beta.example", "cert.beta2.example"), List.of(betaAmbiente2Certificate()),
                null, "Gestore Beta, ambiente secondario");
    }

    public static List<ProviderRecord> all() {
        return List.of(alfa(), beta(), betaAmbiente2());
    }

    private static SigningCertificate resourceCertificate(String name) {
        try (InputStream in = ProviderFixtures.class.getResourceAsStream("/index/certs/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /index/certs/" + name);
            }
            return SigningCertificate.of(derOf(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] derOf(InputStream pem) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(pem).getEncoded();
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
