package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderKeyStoreTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void secondStartShouldLoadTheSameMaterialInsteadOfRegenerating() throws Exception {
        ProviderKeyMaterial first = ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example", NOW);
        byte[] signingFile = Files.readAllBytes(dir.resolve(ProviderKeyStore.SIGNING_FILE));

        ProviderKeyMaterial second = ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example",
                NOW.plusSeconds(86_400));

        assertThat(second.signing().certificate()).isEqualTo(first.signing().certificate());
        assertThat(second.signing().privateKey().getEncoded()).isEqualTo(first.signing().privateKey().getEncoded());
        assertThat(second.signing().chain()).containsExactly(first.caCertificate());
        assertThat(second.tls().certificate()).isEqualTo(first.tls().certificate());
        assertThat(second.tls().privateKey().getEncoded()).isEqualTo(first.tls().privateKey().getEncoded());
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(Files.readAllBytes(dir.resolve(ProviderKeyStore.SIGNING_FILE))).isEqualTo(signingFile);
        assertThat(ProviderKeyStore.loadCa(dir).certificate()).isEqualTo(first.caCertificate());
    }

    @Test
    void storeShouldWriteCaPemAndOwnerOnlyPassword() throws Exception {
        ProviderKeyMaterial m = ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example", NOW);

        assertThat(Certificates.readPem(dir.resolve(ProviderKeyStore.CA_PEM))).containsExactly(m.caCertificate());
        Path pass = dir.resolve(ProviderKeyStore.PASSWORD_FILE);
        assertThat(Files.readString(pass).strip()).hasSizeGreaterThanOrEqualTo(32);
        if (Files.getFileAttributeView(pass, PosixFileAttributeView.class) != null) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pass))).isEqualTo("rw-------");
        }
    }

    @Test
    void loadPkcs12ShouldReadOperatorSuppliedKeyWithChain() throws Exception {
        ProviderKeyMaterial m = ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example", NOW);
        Path operatorFile = dir.resolve("operator.p12");
        char[] password = "operator-secret".toCharArray();
        ProviderKeyStore.writePkcs12(operatorFile, "pec-signing", m.signing().privateKey(),
                m.signing().certificatePath(), password);

        SigningCredentials loaded = ProviderKeyStore.loadPkcs12(operatorFile, password);

        assertThat(loaded.certificate()).isEqualTo(m.signing().certificate());
        assertThat(loaded.chain()).containsExactly(m.caCertificate());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(m.signing().privateKey().getEncoded());
        assertThat(m.withSigning(loaded).signing().signerAddress()).isEqualTo("posta-certificata@pec.certmail.example");
        assertThatThrownBy(() -> ProviderKeyStore.loadPkcs12(operatorFile, "wrong".toCharArray()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void loadOrCreateShouldRefuseMaterialOfAnotherDomain() throws Exception {
        ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example", NOW);

        assertThatThrownBy(() -> ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.other.example", NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("posta-certificata@pec.other.example");
    }

    @Test
    void loadOrCreateShouldRefuseIncompleteStore() throws Exception {
        Files.writeString(dir.resolve(ProviderKeyStore.PASSWORD_FILE), "x", StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example", NOW))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("incomplete");
        assertThat(Files.exists(dir.resolve(ProviderKeyStore.SIGNING_FILE))).isFalse();
    }

    @Test
    void storedSigningKeyShouldProduceVerifiableSignatures() throws Exception {
        ProviderKeyStore.loadOrCreate(dir, "Certmail", "pec.certmail.example", NOW);
        ProviderKeyMaterial reloaded = ProviderKeyStore.load(dir);
        byte[] data = "dn: providerName=Certmail,o=postacert\r\n".getBytes(StandardCharsets.US_ASCII);

        byte[] p7m = new SmimeSigner(reloaded.signing()).signEncapsulated(data, NOW.plusSeconds(60));
        String mime = "Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(p7m);
        SignatureCheck check = new SmimeVerifier(List.of(reloaded.caCertificate()))
                .verify(mime.getBytes(StandardCharsets.US_ASCII));

        assertThat(check.signatureValid()).isTrue();
        assertThat(check.chainTrusted()).isTrue();
    }
}
