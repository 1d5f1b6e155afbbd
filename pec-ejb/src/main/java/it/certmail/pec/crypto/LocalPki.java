package it.certmail.pec.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * PKI locale del gestore: generates a local provider CA and, from it, the provider signing certificate with the
 * RFC 6109 §5.5 profile and a TLS server certificate. For test and stand-alone installations; a licensed
 * provider signs with a certificate issued by AgID (pec-spec §4.2) and loads it with
 * {@link ProviderKeyStore#loadPkcs12}.
 */
public final class LocalPki {

    /** Local part of the provider's service address, as all observed providers use it. */
    public static final String SERVICE_LOCAL_PART = "posta-certificata";
    public static final Duration CA_VALIDITY = Duration.ofDays(3652);
    /** About three years, like the AgID-issued provider certificates (pec-spec §4.2). */
    public static final Duration SIGNING_VALIDITY = Duration.ofDays(1095);
    public static final Duration TLS_VALIDITY = Duration.ofDays(825);
    static final int CA_KEY_BITS = 3072;
    static final int LEAF_KEY_BITS = 2048;
    private static final String CERT_SIGNATURE_ALGORITHM = "SHA256withRSA";

    private final SecureRandom random;

    public LocalPki() {
        this(new SecureRandom());
    }

    LocalPki(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    /** A CA key and its self-signed certificate. */
    public record CertificateAuthority(PrivateKey privateKey, X509Certificate certificate) {
    }

    /**
     * Generates CA, signing and TLS credentials in one go.
     *
     * @param providerName the IGPEC {@code providerName}; goes into O and CN of the signing certificate
     * @param domain       the provider's service domain; the signing address is {@code posta-certificata@domain}
     * @param now          start of validity of all certificates
     */
    public Generated generate(String providerName, String domain, Instant now) {
        CertificateAuthority ca = createCa(providerName, now);
        return new Generated(ca, new ProviderKeyMaterial(
                issueSigning(ca, providerName, domain, now),
                issueTls(ca, providerName, domain, now),
                ca.certificate()));
    }

    /** Result of {@link #generate}: the key material plus the CA key, kept so that rollover can reissue. */
    public record Generated(CertificateAuthority ca, ProviderKeyMaterial material) {
    }

    /** Self-signed CA: basicConstraints CA:true (critical, pathLen 0), keyUsage keyCertSign+cRLSign, SKI. */
    public CertificateAuthority createCa(String providerName, Instant now) {
        requireText(providerName, "providerName");
        try {
            KeyPair kp = rsa(CA_KEY_BITS);
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "IT")
                    .addRDN(BCStyle.O, providerName)
                    .addRDN(BCStyle.CN, providerName + " Local PEC CA")
                    .build();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(name, name, kp.getPublic(), now, CA_VALIDITY);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            return new CertificateAuthority(kp.getPrivate(), sign(b, kp.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create local CA", e);
        }
    }

    /**
     * Provider signing certificate, RFC 6109 §5.5: subject {@code C=IT, O=<name>, CN=Posta Certificata <name>},
     * SAN rfc822Name {@code posta-certificata@<domain>}, keyUsage digitalSignature+nonRepudiation (critical),
     * EKU emailProtection, AKI (keyIdentifier only), SKI, and no basicConstraints (MUST NOT be present).
     */
    public SigningCredentials issueSigning(CertificateAuthority ca, String providerName, String domain,
                                           Instant now) {
        requireText(providerName, "providerName");
        requireText(domain, "domain");
        try {
            KeyPair kp = rsa(LEAF_KEY_BITS);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "IT")
                    .addRDN(BCStyle.O, providerName)
                    .addRDN(BCStyle.CN, "Posta Certificata " + providerName)
                    .build();
            X509v3CertificateBuilder b = leafBuilder(ca, subject, kp.getPublic(), now, SIGNING_VALIDITY);
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.rfc822Name, SERVICE_LOCAL_PART + "@" + domain)));
            X509Certificate cert = sign(b, ca.privateKey());
            return new SigningCredentials(kp.getPrivate(), cert, List.of(ca.certificate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue signing certificate", e);
        }
    }

    /**
     * TLS server certificate: SAN dNSName {@code domain} and {@code localhost}, iPAddress 127.0.0.1;
     * keyUsage digitalSignature+keyEncipherment (critical); EKU serverAuth and clientAuth (the latter for
     * provider-to-provider connections that authenticate the client).
     */
    public TlsCredentials issueTls(CertificateAuthority ca, String providerName, String domain, Instant now) {
        requireText(providerName, "providerName");
        requireText(domain, "domain");
        try {
            KeyPair kp = rsa(LEAF_KEY_BITS);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "IT")
                    .addRDN(BCStyle.O, providerName)
                    .addRDN(BCStyle.CN, domain)
                    .build();
            X509v3CertificateBuilder b = leafBuilder(ca, subject, kp.getPublic(), now, TLS_VALIDITY);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, domain),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            X509Certificate cert = sign(b, ca.privateKey());
            return new TlsCredentials(kp.getPrivate(), cert, List.of(ca.certificate()));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue TLS certificate", e);
        }
    }

    private X509v3CertificateBuilder leafBuilder(CertificateAuthority ca, X500Name subject, PublicKey key,
                                                 Instant now, Duration validity)
            throws GeneralSecurityException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder b = builder(issuer, subject, key, now, validity);
        // keyIdentifier only, copied from the CA's SKI so that the two always match
        byte[] caSki = SubjectKeyIdentifier.fromExtensions(
                new JcaX509CertificateHolder(ca.certificate()).getExtensions())
                .getKeyIdentifier();
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(caSki));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        return b;
    }

    private X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Instant now,
                                             Duration validity) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        // positive, at most 20 octets (RFC 5280 §4.1.2.2)
        BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(start), Date.from(start.plus(validity)),
                subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(CERT_SIGNATURE_ALGORITHM).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits, random);
        return g.generateKeyPair();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
