package it.certmail.pec.crypto;

/**
 * Profilo di firma: the CMS and MIME parameters of a provider signature.
 *
 * <ul>
 *   <li>{@link #SHA256}, the default: digest SHA-256, signatureAlgorithm sha256WithRSAEncryption,
 *       {@code protocol="application/pkcs7-signature"; micalg=sha-256} (RFC 5751).</li>
 *   <li>{@link #LEGACY_SHA1}: exactly what all observed providers still emit (pec-spec §4.2): digest SHA-1,
 *       signatureAlgorithm rsaEncryption, {@code protocol="application/x-pkcs7-signature"; micalg=sha1} and
 *       the signature part {@code application/x-pkcs7-signature; name="smime.p7s"}.</li>
 * </ul>
 */
public enum SignatureProfile {

    SHA256("SHA-256", "SHA256withRSA", false, "sha-256", "application/pkcs7-signature"),
    LEGACY_SHA1("SHA-1", "SHA1withRSA", true, "sha1", "application/x-pkcs7-signature");

    /** The profile to use unless interoperability requires {@link #LEGACY_SHA1}. */
    public static final SignatureProfile DEFAULT = SHA256;

    private final String digestAlgorithm;
    private final String jcaSignatureAlgorithm;
    private final boolean rsaEncryptionLabel;
    private final String micalg;
    private final String signatureContentType;

    SignatureProfile(String digestAlgorithm, String jcaSignatureAlgorithm, boolean rsaEncryptionLabel,
                     String micalg, String signatureContentType) {
        this.digestAlgorithm = digestAlgorithm;
        this.jcaSignatureAlgorithm = jcaSignatureAlgorithm;
        this.rsaEncryptionLabel = rsaEncryptionLabel;
        this.micalg = micalg;
        this.signatureContentType = signatureContentType;
    }

    /** The name operators use ({@code pec.signature.profile}, the per-peer choice): {@code sha256} or {@code legacy}. */
    public String code() {
        return this == SHA256 ? "sha256" : "legacy";
    }

    /**
     * The profile an operator named: {@code sha256} (or {@code sha-256}), {@code legacy} (or {@code sha1},
     * {@code sha-1}), any case.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static SignatureProfile ofCode(String code) {
        String c = code == null ? "" : code.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (c) {
            case "sha256", "sha-256" -> SHA256;
            case "legacy", "sha1", "sha-1" -> LEGACY_SHA1;
            default -> throw new IllegalArgumentException("a signature profile is sha256 or legacy, not " + code);
        };
    }

    /** JCA digest name, e.g. {@code SHA-256}; same form as {@link SignatureCheck#digestAlgorithm()}. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** JCA signature algorithm that computes the PKCS#1 v1.5 signature value. */
    public String jcaSignatureAlgorithm() {
        return jcaSignatureAlgorithm;
    }

    /** Whether SignerInfo.signatureAlgorithm says rsaEncryption instead of the combined OID. */
    public boolean rsaEncryptionLabel() {
        return rsaEncryptionLabel;
    }

    /** Value of the {@code micalg} parameter of {@code multipart/signed}. */
    public String micalg() {
        return micalg;
    }

    /** Media type of the signature part and of the {@code protocol} parameter. */
    public String signatureContentType() {
        return signatureContentType;
    }
}
