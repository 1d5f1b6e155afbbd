package it.certmail.pec.platform.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ApplicationException;
import jakarta.ejb.DependsOn;
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
import it.certmail.pec.platform.infra.PeerTrustAnchorCache;
import it.certmail.pec.platform.infra.PeerTrustAnchorStore;

/**
 * The provider's key material, loaded once at start. On the first start with an empty data directory it creates
 * a local provider CA, the signing certificate for {@code posta-certificata@<domain>} (RFC 6109 §5.5 profile) and
 * a TLS certificate; an operator may point {@code pec.keystore.file} at a PKCS#12 with a real signing key instead.
 * Other providers' CA certificates added at run time live in the database, shared by every node
 * ({@link PeerTrustAnchorCache}); {@code pec.trust.anchors} is each node's own file.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
@Lock(LockType.READ)
public class ProviderKeys {

    private static final Logger LOG = Logger.getLogger(ProviderKeys.class.getName());

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    /** Where the peers' CA certificates were kept before they moved into the database (imported once). */
    static final String PEER_ANCHORS_FILE = "trusted-peers.pem";
    static final String PEER_ANCHORS_IMPORTED = PEER_ANCHORS_FILE + ".imported";

    /** Non-transactional: the anchors' table is read and written in auto-commit, never in a caller's transaction. */
    @Resource(lookup = "jdbc/pecNonTx")
    DataSource nonTx;

    private ProviderKeyMaterial material;
    private RsaProvider rsa;
    private List<X509Certificate> configuredAnchors;
    private PeerTrustAnchorCache peerAnchors;

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
            List<X509Certificate> configured = new ArrayList<>();
            configured.add(material.caCertificate());
            if (settings.trustAnchors().isPresent()) {
                configured.addAll(Certificates.readPem(settings.trustAnchors().get()));
            }
            configuredAnchors = List.copyOf(configured);
            peerAnchors = new PeerTrustAnchorCache(new PeerTrustAnchorStore(nonTx), clock,
                    PeerTrustAnchorCache.RECHECK);
            importPeerAnchorsFile(dir.resolve(PEER_ANCHORS_FILE));
            peerAnchors.load();
        } catch (IOException | GeneralSecurityException | SQLException e) {
            throw new IllegalStateException("Cannot load or create the provider key material in " + dir, e);
        }
        LOG.info(() -> "Signing as " + material.signing().signerAddress() + " (certificate SHA-1 "
                + Certificates.sha1Hex(material.signing().certificate()) + "), " + trustAnchors().size()
                + " trust anchor(s), RSA by " + rsa.describe());
    }

    /**
     * Moves the anchors an older version kept in this node's data directory into the shared table, then renames
     * the file to {@value #PEER_ANCHORS_IMPORTED} (kept for the operator, not read again). A start killed between
     * the two steps imports it again, which adds nothing.
     */
    private void importPeerAnchorsFile(Path file) throws IOException, GeneralSecurityException, SQLException {
        if (!Files.exists(file)) {
            return;
        }
        List<X509Certificate> old = Certificates.readPem(file);
        int added = peerAnchors.add(old, settings.nodeName());
        Files.move(file, file.resolveSibling(PEER_ANCHORS_IMPORTED), StandardCopyOption.REPLACE_EXISTING);
        LOG.info(() -> "Imported " + old.size() + " peer trust anchor(s) from " + file + " into the database ("
                + added + " new); the file is now " + PEER_ANCHORS_IMPORTED);
    }

    /**
     * Trusts more CA certificates for other providers' signatures and TLS from now on, on every node sharing the
     * database (the others within {@link PeerTrustAnchorCache#RECHECK}), and after restarts.
     *
     * @return how many of them were new
     * @throws RefusedAnchor if the PEM holds no certificate or a certificate that is not a CA
     */
    public int addTrustAnchors(String pem) {
        List<X509Certificate> added;
        try {
            added = Certificates.parsePem(pem);
        } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
            throw new RefusedAnchor("not a PEM certificate: " + e.getMessage(), e);
        }
        if (added.isEmpty()) {
            throw new RefusedAnchor("no certificate in the PEM text", null);
        }
        for (X509Certificate c : added) {
            if (c.getBasicConstraints() < 0) {
                throw new RefusedAnchor("not a CA certificate: " + c.getSubjectX500Principal(), null);
            }
        }
        List<X509Certificate> fresh = added.stream().filter(c -> !configuredAnchors.contains(c)).toList();
        try {
            return fresh.isEmpty() ? 0 : peerAnchors.add(fresh, settings.nodeName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot keep the trust anchors in the database: " + e.getMessage(), e);
        }
    }

    /**
     * Text that cannot be a trust anchor. An application exception: it reaches the caller as itself, not wrapped
     * in an EJBException as an IllegalArgumentException from this bean would be (the REST answer is a 400).
     */
    @ApplicationException
    public static final class RefusedAnchor extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        RefusedAnchor(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public ProviderKeyMaterial material() {
        return material;
    }

    /**
     * Our own CA, the CAs of {@code pec.trust.anchors} and those added at run time on any node: whose signatures
     * and TLS certificates we accept from other providers.
     */
    public List<X509Certificate> trustAnchors() {
        List<X509Certificate> peers = peerAnchors.current();
        if (peers.isEmpty()) {
            return configuredAnchors;
        }
        Set<X509Certificate> all = new LinkedHashSet<>(configuredAnchors);
        all.addAll(peers);
        return List.copyOf(all);
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
