package it.certmail.pec.security.domain;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Codici di recupero: one-time codes that stand in for a lost authenticator app. Ten codes of ten characters
 * (about 50 bits each) from an alphabet without look-alikes, shown once as {@code xxxxx-xxxxx}; each works once.
 */
public final class RecoveryCodes {

    public static final int COUNT = 10;
    static final int LENGTH = 10;
    /** No 0/o, 1/l/i: people copy these from paper. */
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private RecoveryCodes() {
    }

    public static List<String> generate(SecureRandom random) {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int j = 0; j < LENGTH; j++) {
                if (j == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /**
     * The canonical form of what someone typed ({@code xxxxx-xxxxx}, any case, spaces and hyphens anywhere), or
     * empty when it cannot be a recovery code (for example a 6-digit TOTP code).
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String compact = typed.toLowerCase(Locale.ROOT).replace(" ", "").replace("-", "");
        if (compact.length() != LENGTH || !compact.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(compact.substring(0, LENGTH / 2) + "-" + compact.substring(LENGTH / 2));
    }
}
