package it.certmail.pec.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Archivio chiavi del gestore: keeps the provider's key material as PKCS#12 files in a directory, creating a
 * local PKI ({@link LocalPki}) on first start and loading the same files on every later start.
 *
 * <p>Files: {@value #CA_FILE} (CA key, kept for reissuing), {@value #SIGNING_FILE}, {@value #TLS_FILE},
 * {@value #CA_PEM} (the trust anchor for peers and {@code openssl}), and {@value #PASSWORD_FILE} (random
 * password of the three PKCS#12 files, owner-only permissions where the file system supports them).
 */
public final class ProviderKeyStore {

    public static final String CA_FILE = "ca.p12";
    public static final String SIGNING_FILE = "signing.p12";
    public static final String TLS_FILE = "tls.p12";
    public static final String CA_PEM = "ca.pem";
    public static final String PASSWORD_FILE = "keystore.pass";
    static final String CA_ALIAS = "ca";
    static final String SIGNING_ALIAS = "signing";
    static final String TLS_ALIAS = "tls";

    private ProviderKeyStore() {
    }

    /**
     * Loads the key material from {@code dir}, or generates and stores it there if the directory holds none.
     * A second call never regenerates.
     *
     * @param providerName IGPEC provider name, used only when generating
     * @param domain       service domain; when loading, the stored signing address must be
     *                     {@code posta-certificata@domain}
     * @param now          validity start of generated certificates
     * @throws IllegalStateException if the directory holds an incomplete set of files or material for another
     *                               domain (never silently replaced: peers may already trust it)
     */
    public static ProviderKeyMaterial loadOrCreate(Path dir, String providerName, String domain, Instant now)
            throws IOException, GeneralSecurityException {
        Path signing = dir.resolve(SIGNING_FILE);
        Path tls = dir.resolve(TLS_FILE);
        Path ca = dir.resolve(CA_FILE);
        Path pass = dir.resolve(PASSWORD_FILE);
        boolean any = Files.exists(signing) || Files.exists(tls) || Files.exists(ca) || Files.exists(pass);
        boolean all = Files.exists(signing) && Files.exists(tls) && Files.exists(ca) && Files.exists(pass);
        if (all) {
            ProviderKeyMaterial loaded = load(dir);
            String expected = LocalPki.SERVICE_LOCAL_PART + "@" + domain;
            String actual = loaded.signing().signerAddress();
            if (actual == null || !actual.toLowerCase(Locale.ROOT).equals(expected.toLowerCase(Locale.ROOT))) {
                throw new IllegalStateException(dir + " holds signing material for " + actual
                        + ", configured address is " + expected);
            }
            return loaded;
        }
        if (any) {
            throw new IllegalStateException(dir + " holds an incomplete provider key store; expected "
                    + List.of(PASSWORD_FILE, CA_FILE, SIGNING_FILE, TLS_FILE));
        }
        Files.createDirectories(dir);
        LocalPki.Generated g = new LocalPki().generate(providerName, domain, now);
        char[] password = createPassword(pass);
        try {
            LocalPki.CertificateAuthority authority = g.ca();
            ProviderKeyMaterial m = g.material();
            writePkcs12(ca, CA_ALIAS, authority.privateKey(), List.of(authority.certificate()), password);
            Certificates.writePem(dir.resolve(CA_PEM), List.of(authority.certificate()));
            writePkcs12(tls, TLS_ALIAS, m.tls().privateKey(), m.tls().certificatePath(), password);
            // written last: its presence marks a complete store
            writePkcs12(signing, SIGNING_ALIAS, m.signing().privateKey(), m.signing().certificatePath(), password);
            return m;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Loads a complete store written by {@link #loadOrCreate}. */
    public static ProviderKeyMaterial load(Path dir) throws IOException, GeneralSecurityException {
        char[] password = Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII).strip()
                .toCharArray();
        try {
            SigningCredentials signing = loadPkcs12(dir.resolve(SIGNING_FILE), password);
            SigningCredentials tls = loadPkcs12(dir.resolve(TLS_FILE), password);
            SigningCredentials ca = loadPkcs12(dir.resolve(CA_FILE), password);
            return new ProviderKeyMaterial(signing,
                    new TlsCredentials(tls.privateKey(), tls.certificate(), tls.chain()), ca.certificate());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** The CA key and certificate of a store written by {@link #loadOrCreate}, e.g. to reissue a certificate. */
    public static LocalPki.CertificateAuthority loadCa(Path dir) throws IOException, GeneralSecurityException {
        char[] password = Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII).strip()
                .toCharArray();
        SigningCredentials ca = loadPkcs12(dir.resolve(CA_FILE), password);
        return new LocalPki.CertificateAuthority(ca.privateKey(), ca.certificate());
    }

    /**
     * Loads the first private-key entry of a PKCS#12 file, e.g. the AgID-issued signing key of a licensed
     * provider: the entry's certificate chain becomes certificate + chain.
     */
    public static SigningCredentials loadPkcs12(Path p12, char[] password)
            throws IOException, GeneralSecurityException {
        return loadPkcs12(p12, password, null);
    }

    /** As {@link #loadPkcs12(Path, char[])} for a named entry ({@code alias == null}: the first key entry). */
    public static SigningCredentials loadPkcs12(Path p12, char[] password, String alias)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, password);
        }
        String chosen = alias;
        if (chosen == null) {
            for (String a : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(a)) {
                    chosen = a;
                    break;
                }
            }
        }
        if (chosen == null || !ks.isKeyEntry(chosen)) {
            throw new KeyStoreException(p12 + ": no private key entry" + (alias == null ? "" : " '" + alias + "'"));
        }
        Key key = ks.getKey(chosen, password);
        if (!(key instanceof PrivateKey pk)) {
            throw new KeyStoreException(p12 + ": entry '" + chosen + "' is not a private key");
        }
        Certificate[] chain = ks.getCertificateChain(chosen);
        if (chain == null || chain.length == 0) {
            throw new KeyStoreException(p12 + ": entry '" + chosen + "' has no certificate");
        }
        List<X509Certificate> issuers = new ArrayList<>();
        for (int i = 1; i < chain.length; i++) {
            issuers.add((X509Certificate) chain[i]);
        }
        return new SigningCredentials(pk, (X509Certificate) chain[0], issuers);
    }

    /** As {@link #loadPkcs12(Path, char[])}, typed for TLS use. */
    public static TlsCredentials loadTlsPkcs12(Path p12, char[] password)
            throws IOException, GeneralSecurityException {
        SigningCredentials c = loadPkcs12(p12, password);
        return new TlsCredentials(c.privateKey(), c.certificate(), c.chain());
    }

    /** Writes one key entry (certificate path: leaf first) to a new PKCS#12 file, atomically where possible. */
    public static void writePkcs12(Path p12, String alias, PrivateKey key, List<X509Certificate> path,
                                   char[] password) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(alias, key, password, path.toArray(new Certificate[0]));
        Path tmp = Files.createTempFile(p12.toAbsolutePath().getParent(), p12.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password);
            }
            Files.move(tmp, p12, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static char[] createPassword(Path file) throws IOException {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            SecretFiles.createOwnerOnly(file);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " appeared while creating the key store", e);
        }
        Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
        return password.toCharArray();
    }
}
