package it.certmail.pec.index.domain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Impronta del certificato (providerCertificateHash, RFC 6109 §4.5.1): SHA-1 over the DER encoding of a
 * provider's signing certificate, as 40 uppercase hex digits.
 */
public final class CertificateHash {

    private static final Pattern SHA1_HEX = Pattern.compile("[0-9A-F]{40}");
    // the RFC's own example mixes cases; some tools print fingerprints with colons or spaces
    private static final Pattern SEPARATORS = Pattern.compile("[:\\s]");

    private CertificateHash() {
    }

    /** SHA-1 of {@code der}, uppercase hex, e.g. {@code B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B}. */
    public static String sha1Hex(byte[] der) {
        Objects.requireNonNull(der, "der");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(der);
            return HexFormat.of().withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            // every Java platform must provide SHA-1 (MessageDigest Javadoc)
            throw new IllegalStateException("SHA-1 not available", e);
        }
    }

    /**
     * The canonical form (uppercase, no separators) of a hash written by someone else, or empty if it is
     * not 40 hex digits.
     */
    public static Optional<String> normalize(String hex) {
        if (hex == null) {
            return Optional.empty();
        }
        String canonical = SEPARATORS.matcher(hex.strip()).replaceAll("").toUpperCase(Locale.ROOT);
        return SHA1_HEX.matcher(canonical).matches() ? Optional.of(canonical) : Optional.empty();
    }
}
