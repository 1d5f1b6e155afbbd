package it.certmail.pec.security.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One purpose key's one-time code as a database row keeps it, under the rules of {@link OneTimeCodes} (valid
 * {@link OneTimeCodes#VALIDITY}, once, {@link OneTimeCodes#MAX_GUESSES} wrong guesses, at most
 * {@link OneTimeCodes#MAX_ISSUED_PER_HOUR} an hour), so that a code asked for on one node works on another and after
 * a restart. Only a hash of the code is kept. Pure: each operation answers the next state.
 *
 * @param codeHash     SHA-256 of the key and the live code, {@code null} when none is live
 * @param expiresAt    end of the live code's validity
 * @param wrongGuesses wrong guesses at the live code so far
 * @param issuedAt     when codes were issued within the last hour, oldest first
 */
public record CodeState(String codeHash, Instant expiresAt, int wrongGuesses, List<Instant> issuedAt) {

    public static final CodeState NONE = new CodeState(null, null, 0, List.of());

    public CodeState {
        issuedAt = List.copyOf(issuedAt);
    }

    /** The next state and the code to send, or how long until one may be issued. */
    public record Issued(CodeState next, Optional<String> code, Duration retryAfter) {
    }

    /** The next state and whether the code was the live one (then used up). */
    public record Redeemed(CodeState next, boolean accepted) {
    }

    public Issued issue(String key, Instant now, SecureRandom random) {
        List<Instant> recent = new ArrayList<>(issuedAt.stream()
                .filter(t -> t.plus(OneTimeCodes.RATE_WINDOW).isAfter(now)).toList());
        if (recent.size() >= OneTimeCodes.MAX_ISSUED_PER_HOUR) {
            return new Issued(new CodeState(codeHash, expiresAt, wrongGuesses, recent), Optional.empty(),
                    Duration.between(now, recent.get(0).plus(OneTimeCodes.RATE_WINDOW)));
        }
        StringBuilder code = new StringBuilder(OneTimeCodes.DIGITS);
        for (int i = 0; i < OneTimeCodes.DIGITS; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        recent.add(now);
        return new Issued(new CodeState(hash(key, code.toString()), now.plus(OneTimeCodes.VALIDITY), 0, recent),
                Optional.of(code.toString()), Duration.ZERO);
    }

    public Redeemed redeem(String key, String code, Instant now) {
        if (codeHash == null) {
            return new Redeemed(this, false);
        }
        if (!now.isBefore(expiresAt)) {
            return new Redeemed(withoutCode(), false);
        }
        String given = code == null ? "" : code.replaceAll("\\s", "");
        if (MessageDigest.isEqual(hash(key, given).getBytes(StandardCharsets.US_ASCII),
                codeHash.getBytes(StandardCharsets.US_ASCII))) {
            return new Redeemed(withoutCode(), true);
        }
        return new Redeemed(wrongGuesses + 1 >= OneTimeCodes.MAX_GUESSES ? withoutCode()
                : new CodeState(codeHash, expiresAt, wrongGuesses + 1, issuedAt), false);
    }

    private CodeState withoutCode() {
        return new CodeState(null, null, 0, issuedAt);
    }

    /** SHA-256 (hex) of the key and a code or token: what a row keeps instead of the code. */
    public static String hash(String key, String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((key + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The issue times as a column keeps them: epoch milliseconds, comma-separated. */
    public String issuedAtText() {
        return issuedAt.stream().map(t -> Long.toString(t.toEpochMilli())).collect(Collectors.joining(","));
    }

    public static List<Instant> parseIssuedAt(String text) {
        return text == null || text.isBlank() ? List.of()
                : Arrays.stream(text.split(",")).map(s -> Instant.ofEpochMilli(Long.parseLong(s.strip()))).toList();
    }
}
