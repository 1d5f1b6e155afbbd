package it.certmail.pec.platform.service;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.ProviderKeyStore;
import it.certmail.pec.crypto.RsaProvider;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SigningCredentials;
import it.certmail.pec.crypto.SmimeSigner;

/**
 * The provider's key material, loaded once at start. On the first start with an empty data directory it creates
 * a local provider CA, the signing certificate for {@code posta-certificata@<domain>} (RFC 6109 §5.5 profile) and
 * a TLS certificate; an operator may point {@code pec.keystore.file} at a PKCS#12 with a real signing key instead.
 */
@Singleton
@Startup
@Lock(LockType.READ)
public class ProviderKeys {

    private static final Logger LOG = Logger.getLogger(ProviderKeys.class.getName());

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    /** CA certificates of other providers added at run time, kept beside our keys. */
    static final String PEER_ANCHORS_FILE = "trusted-peers.pem";

    private ProviderKeyMaterial material;
    private RsaProvider rsa;
    private volatile List<X509Certificate> trustAnchors;
    private Path peerAnchorsFile;

    @PostConstruct
    void load() {
        rsa = RsaProvider.select(settings.nativeSignature());
        Path dir = settings.dataDir().resolve("keys");
        try {
            ProviderKeyMaterial local = ProviderKeyStore.loadOrCreate(dir, settings.providerName(), settings.domain(),
                    clock.instant());
            if (settings.keystoreFile().isPresent()) {
                SigningCredentials real = ProviderKeyStore.loadPkcs12(settings.keystoreFile().get(),
                        settings.keystorePassword());
                local = local.withSigning(real);
            }
            material = local;
            peerAnchorsFile = dir.resolve(PEER_ANCHORS_FILE);
            trustAnchors = readAnchors();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load or create the provider key material in " + dir, e);
        }
        LOG.info(() -> "Signing as " + material.signing().signerAddress() + " (certificate SHA-1 "
                + Certificates.sha1Hex(material.signing().certificate()) + "), " + trustAnchors.size()
                + " trust anchor(s), RSA by " + rsa.describe());
    }

    private List<X509Certificate> readAnchors() throws IOException, GeneralSecurityException {
        List<X509Certificate> anchors = new ArrayList<>();
        anchors.add(material.caCertificate());
        if (settings.trustAnchors().isPresent()) {
            anchors.addAll(Certificates.readPem(settings.trustAnchors().get()));
        }
        if (java.nio.file.Files.exists(peerAnchorsFile)) {
            anchors.addAll(Certificates.readPem(peerAnchorsFile));
        }
        return List.copyOf(anchors);
    }

    /**
     * Trusts more CA certificates for other providers' signatures and TLS from now on, and after restarts.
     *
     * @return how many of them were new
     * @throws IllegalArgumentException if the PEM holds no certificate or a certificate that is not a CA
     */
    @Lock(LockType.WRITE)
    public int addTrustAnchors(String pem) {
        try {
            List<X509Certificate> added = Certificates.parsePem(pem);
            if (added.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the PEM text");
            }
            for (X509Certificate c : added) {
                if (c.getBasicConstraints() < 0) {
                    throw new IllegalArgumentException("not a CA certificate: " + c.getSubjectX500Principal());
                }
            }
            List<X509Certificate> fresh = added.stream().filter(c -> !trustAnchors.contains(c)).toList();
            if (!fresh.isEmpty()) {
                List<X509Certificate> peers = new ArrayList<>();
                if (java.nio.file.Files.exists(peerAnchorsFile)) {
                    peers.addAll(Certificates.readPem(peerAnchorsFile));
                }
                peers.addAll(fresh);
                Certificates.writePem(peerAnchorsFile, peers);
                trustAnchors = readAnchors();
            }
            return fresh.size();
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot keep the trust anchors in " + peerAnchorsFile, e);
        }
    }

    public ProviderKeyMaterial material() {
        return material;
    }

    /** Our own CA and the CAs of {@code pec.trust.anchors}: whose signatures we accept from other providers. */
    public List<X509Certificate> trustAnchors() {
        return trustAnchors;
    }

    /** The certificate of the CA behind our signing and TLS certificates. */
    public X509Certificate caCertificate() {
        return material.caCertificate();
    }

    /** Signs with the profile of {@code pec.signature.profile}. */
    public SmimeSigner signer() {
        return signer(settings.signatureProfile());
    }

    /** Signs with {@code profile}, e.g. the one a peer provider asks for. */
    public SmimeSigner signer(SignatureProfile profile) {
        return new SmimeSigner(material.signing(), profile, rsa);
    }

    /** Computes RSA signatures: the native provider when it loaded and is healthy, else the JDK. */
    public RsaProvider rsa() {
        return rsa;
    }
}
