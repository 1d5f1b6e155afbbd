package it.certmail.pec.security.domain;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Codice monouso a tempo: TOTP of RFC 6238 (HOTP of RFC 4226 over 30-second steps from the Unix epoch), the
 * second factor of operators. SHA-1 and 6 digits by default, what every authenticator app reads from a QR code.
 */
public final class Totp {

    /** RFC 6238 §4.1 default time step. */
    public static final Duration STEP = Duration.ofSeconds(30);
    /** 160 bits: the HMAC-SHA-1 block-size recommendation of RFC 4226 §4 R6. */
    public static final int SECRET_BYTES = 20;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** The HMAC behind the code; the RFC 6238 test vectors use all three. */
    public enum Algorithm {
        SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

        final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }
    }

    private final Algorithm algorithm;
    private final int digits;

    public Totp(Algorithm algorithm, int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6..8");
        }
        this.algorithm = algorithm;
        this.digits = digits;
    }

    /** SHA-1, 6 digits. */
    public static Totp standard() {
        return new Totp(Algorithm.SHA1, 6);
    }

    public static byte[] newSecret(SecureRandom random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return secret;
    }

    /** The time step {@code at} falls in (RFC 6238 "T"). */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
    }

    /** The code of {@code step}, zero-padded to the number of digits. */
    public String code(byte[] secret, long step) {
        byte[] hash = hmac(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        int offset = hash[hash.length - 1] & 0x0f; // dynamic truncation, RFC 4226 §5.3
        int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
        String code = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - code.length()) + code;
    }

    public String code(byte[] secret, Instant at) {
        return code(secret, step(at));
    }

    /**
     * Checks {@code code} against the step of {@code now} and one step either side (clocks drift, people type
     * slowly: RFC 6238 §5.2), never a step at or before {@code lastUsedStep}, so a code works once.
     *
     * @return the step the code matched, to be remembered as the last used one; empty if it matches none
     */
    public OptionalLong verify(byte[] secret, String code, Instant now, long lastUsedStep) {
        if (code == null) {
            return OptionalLong.empty();
        }
        String typed = code.replace(" ", "");
        if (typed.length() != digits || !typed.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        long current = step(now);
        for (long s = current - 1; s <= current + 1; s++) {
            if (s > lastUsedStep && MessageDigest.isEqual(code(secret, s).getBytes(), typed.getBytes())) {
                return OptionalLong.of(s);
            }
        }
        return OptionalLong.empty();
    }

    /** The {@code otpauth://} URI of the Key Uri Format that authenticator apps read from a QR code. */
    public String keyUri(String issuer, String account, byte[] secret) {
        return "otpauth://totp/" + uriPart(issuer) + ":" + uriPart(account) + "?secret=" + Base32.encode(secret)
                + "&issuer=" + uriPart(issuer) + "&algorithm=" + algorithm.name() + "&digits=" + digits
                + "&period=" + STEP.getSeconds();
    }

    private static String uriPart(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName);
            mac.init(new SecretKeySpec(key, "RAW"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName + " is part of every JDK", e);
        }
    }
}
