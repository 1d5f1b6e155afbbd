package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Native RSA (Amazon Corretto Crypto Provider) given to the CMS builders, and the fall back to the JDK. */
class RsaProviderTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    // real time: OpenSSL validates against the current clock
    private static final Instant ISSUED = Instant.now().minus(1, ChronoUnit.HOURS);
    private static final Instant SIGNING_TIME = Instant.now().minus(1, ChronoUnit.MINUTES)
            .truncatedTo(ChronoUnit.SECONDS);

    private static ProviderKeyMaterial material;

    @TempDir
    Path tmp;

    @BeforeAll
    static void keys() {
        material = new LocalPki().generate("Certmail", "pec.certmail.example", ISSUED).material();
    }

    /** The classifier jar carries the library for Linux x86-64 only. */
    private static RsaProvider nativeRsa() {
        assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "native RSA: Linux x86-64 only");
        RsaProvider rsa = RsaProvider.select(true);
        assertThat(rsa.isNative()).as("the native library must load and pass its self-tests here").isTrue();
        return rsa;
    }

    private static byte[] signedWire(RsaProvider rsa, SignatureProfile profile) throws Exception {
        SmimeSigner signer = new SmimeSigner(material.signing(), profile, rsa);
        MimeMessage msg = new MimeMessage(SESSION);
        msg.setFrom(new InternetAddress(signer.signerAddress()));
        msg.setSubject("ACCETTAZIONE: Fattura");
        MimeBodyPart content = new MimeBodyPart();
        content.setText("Ricevuta di accettazione\nIl messaggio è stato accettato dal sistema.\n", "UTF-8");
        msg.setContent(signer.sign(content, SIGNING_TIME));
        msg.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        msg.writeTo(out);
        return out.toByteArray();
    }

    private static SmimeVerifier verifier(RsaProvider rsa) {
        return new SmimeVerifier(List.of(material.caCertificate()), Clock.systemUTC(), rsa);
    }

    @Test
    void selectShouldGiveTheHealthyNativeProviderOnLinuxX64() {
        RsaProvider rsa = nativeRsa();

        assertThat(rsa.describe()).startsWith("AmazonCorrettoCryptoProvider");
        assertThat(rsa.forSigning(material.signing().privateKey())).isPresent();
        assertThat(rsa.forVerifying(material.signing().certificate().getPublicKey())).isPresent();
    }

    @Test
    void theSigningKeyShouldBecomeTheNativeProvidersOwnKeyOnce() {
        RsaProvider rsa = nativeRsa();
        PrivateKey jdkKey = material.signing().privateKey();

        PrivateKey key = rsa.signingKey(jdkKey);

        // a JDK key is converted by the native provider at every signature, and prepared again by AWS-LC
        assertThat(key).isNotSameAs(jdkKey).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(key.getClass().getName()).startsWith("com.amazon.corretto.crypto.provider.");
        assertThat(key.getEncoded()).isEqualTo(jdkKey.getEncoded());
        assertThat(rsa.forSigning(key)).isPresent();
        assertThat(RsaProvider.JDK.signingKey(jdkKey)).isSameAs(jdkKey);
    }

    @Test
    void selectShouldFallBackToTheJdkWhenTheNativeLibraryCannotLoad() {
        RsaProvider rsa = RsaProvider.select(true, () -> {
            throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
        });

        assertThat(rsa.isNative()).isFalse();
        assertThat(rsa.describe()).isEqualTo("JDK");
        assertThat(rsa.forSigning(material.signing().privateKey())).isEmpty();
    }

    @Test
    void selectShouldFallBackToTheJdkWhenTheSelfTestsFail() {
        RsaProvider rsa = RsaProvider.select(true, () -> {
            throw new IllegalStateException("self-test failed");
        });

        assertThat(rsa.isNative()).isFalse();
    }

    @Test
    void selectShouldNotLoadTheNativeProviderWhenTurnedOff() {
        RsaProvider rsa = RsaProvider.select(false, () -> {
            throw new AssertionError("must not be asked for");
        });

        assertThat(rsa).isSameAs(RsaProvider.JDK);
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void nativeSignatureShouldEqualTheJdkSignatureByteForByte(SignatureProfile profile) throws Exception {
        // RSA PKCS#1 v1.5 is deterministic: same key, same signed attributes, same bytes
        SmimeSigner nativeSigner = new SmimeSigner(material.signing(), profile, nativeRsa());
        SmimeSigner jdkSigner = new SmimeSigner(material.signing(), profile, RsaProvider.JDK);
        byte[] content = "Content-Type: text/plain\r\n\r\nbusta di trasporto\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(nativeSigner.signDetached(content, SIGNING_TIME))
                .isEqualTo(jdkSigner.signDetached(content, SIGNING_TIME));
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void nativelySignedMessageShouldVerifyWithBothProvidersAndOpenSsl(SignatureProfile profile) throws Exception {
        RsaProvider rsa = nativeRsa();
        byte[] wire = signedWire(rsa, profile);

        assertThat(verifier(rsa).verify(wire).valid()).as("%s", verifier(rsa).verify(wire).problems()).isTrue();
        assertThat(verifier(RsaProvider.JDK).verify(wire).valid()).isTrue();
        OpenSsl.assumeAvailable();
        Path caPem = tmp.resolve("ca.pem");
        Certificates.writePem(caPem, List.of(material.caCertificate()));
        OpenSsl.Result ok = OpenSsl.verifySmime(wire, caPem);
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
    }

    @Test
    void nativeVerifierShouldRejectATamperedMessage() throws Exception {
        RsaProvider rsa = nativeRsa();
        String wire = new String(signedWire(rsa, SignatureProfile.SHA256), StandardCharsets.ISO_8859_1);
        String tampered = wire.replaceFirst("Ricevuta di accettazione", "Ricevuta di accettaziona");
        assertThat(tampered).isNotEqualTo(wire);

        SignatureCheck check = verifier(rsa).verify(tampered.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(check.signed()).isTrue();
        assertThat(check.signatureValid()).isFalse();
    }

    @Test
    void nativeVerifierShouldAcceptTheRealArubaSha1Receipt() throws Exception {
        RsaProvider rsa = nativeRsa();
        Clock late = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
        SmimeVerifier verifier = new SmimeVerifier(Certificates.readPem(TestFiles.agidCa1()), late, rsa);

        SignatureCheck check = verifier.verify(Files.readAllBytes(TestFiles.acceptanceEml()));

        assertThat(check.valid()).as("%s", check.problems()).isTrue();
        assertThat(check.digestAlgorithm()).isEqualTo("SHA-1");
    }

    @Test
    void verifierShouldFallBackToTheJdkForAlgorithmsTheNativeProviderLacks() throws Exception {
        // a "native" provider that offers nothing stands for one without the signature's algorithm
        Provider empty = new Provider("Empty", "1", "offers no algorithm") {
        };
        RsaProvider rsa = RsaProvider.select(true, () -> empty);
        byte[] wire = signedWire(RsaProvider.JDK, SignatureProfile.LEGACY_SHA1);

        SignatureCheck check = verifier(rsa).verify(wire);

        assertThat(check.valid()).as("%s", check.problems()).isTrue();
    }
}
