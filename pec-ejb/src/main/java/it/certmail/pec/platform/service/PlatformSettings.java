package it.certmail.pec.platform.service;

import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator contract of architecture.md §4, read once from MicroProfile Config (so every key also works as
 * an environment variable: {@code pec.data.dir} = {@code PEC_DATA_DIR}).
 */
@ApplicationScoped
public class PlatformSettings {

    @Inject @ConfigProperty(name = "pec.data.dir", defaultValue = "./data")
    String dataDir;

    @Inject @ConfigProperty(name = "pec.domain", defaultValue = "pec.localhost")
    String domain;

    @Inject @ConfigProperty(name = "pec.provider.name", defaultValue = "PEC Locale")
    String providerName;

    @Inject @ConfigProperty(name = "pec.admin.password")
    Optional<String> adminPassword;

    @Inject @ConfigProperty(name = "pec.trust.anchors")
    Optional<String> trustAnchors;

    @Inject @ConfigProperty(name = "pec.keystore.file")
    Optional<String> keystoreFile;

    @Inject @ConfigProperty(name = "pec.keystore.password")
    Optional<String> keystorePassword;

    /** {@code sha256} (default) or {@code legacy}: SHA-1 with rsaEncryption and the x-pkcs7 names, as real providers emit. */
    @Inject @ConfigProperty(name = "pec.signature.profile", defaultValue = "sha256")
    String signatureProfile;

    /** Sign and verify RSA with the native Amazon Corretto Crypto Provider when it loads (else the JDK, warned). */
    @Inject @ConfigProperty(name = "pec.signature.native", defaultValue = "true")
    boolean nativeSignature;

    @Inject @ConfigProperty(name = "pec.node.name")
    Optional<String> nodeName;

    @Inject @ConfigProperty(name = "pec.clock.adjustable", defaultValue = "false")
    boolean clockAdjustable;

    @Inject @ConfigProperty(name = "pec.verify.max.bytes", defaultValue = "104857600")
    long verifyMaxBytes;

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public String domain() {
        return domain.toLowerCase(java.util.Locale.ROOT);
    }

    public String providerName() {
        return providerName;
    }

    /** The service address of RFC 6109 §2.2.6, sender of every receipt and subject of the signing certificate. */
    public String serviceAddress() {
        return "posta-certificata@" + domain();
    }

    public Optional<String> adminPassword() {
        return adminPassword.filter(p -> !p.isBlank());
    }

    public Optional<Path> trustAnchors() {
        return trustAnchors.filter(p -> !p.isBlank()).map(Path::of);
    }

    /** A PKCS#12 with real key material, used instead of the generated local CA when set. */
    public Optional<Path> keystoreFile() {
        return keystoreFile.filter(p -> !p.isBlank()).map(Path::of);
    }

    public char[] keystorePassword() {
        return keystorePassword.orElse("").toCharArray();
    }

    /**
     * This node's name, unique in the cluster: part of every PEC msgid it issues and the owner of its work leases.
     * {@code pec.node.name}, else the host name; letters, digits and '-', at most 32.
     */
    public String nodeName() {
        String raw = nodeName.filter(n -> !n.isBlank()).orElseGet(PlatformSettings::hostName);
        String clean = raw.replaceAll("[^A-Za-z0-9-]", "-");
        return clean.length() > 32 ? clean.substring(0, 32) : clean;
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "node";
        }
    }

    public it.certmail.pec.crypto.SignatureProfile signatureProfile() {
        try {
            return it.certmail.pec.crypto.SignatureProfile.ofCode(signatureProfile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pec.signature.profile must be sha256 or legacy, not "
                    + signatureProfile, e);
        }
    }

    public boolean nativeSignature() {
        return nativeSignature;
    }

    public boolean clockAdjustable() {
        return clockAdjustable;
    }

    public long verifyMaxBytes() {
        return verifyMaxBytes;
    }
}
