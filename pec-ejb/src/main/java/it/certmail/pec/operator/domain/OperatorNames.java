package it.certmail.pec.operator.domain;

import java.util.Locale;
import java.util.regex.Pattern;

/** The rules for a new operator's user name and password, checked before anything is written. */
public final class OperatorNames {

    public static final int PASSWORD_MIN = 12;
    /** Lower-case letters, digits, dot, dash, underscore: names that read the same in logs, URLs and the trail. */
    private static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    private OperatorNames() {
    }

    /** @return the user name as stored (trimmed, lower case) */
    public static String user(String typed) throws OperatorRequestException {
        String user = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (!USER.matcher(user).matches()) {
            throw new OperatorRequestException("user name: 3 to 64 of a-z 0-9 . _ -, starting with a letter or digit");
        }
        return user;
    }

    public static void checkPassword(String password) throws OperatorRequestException {
        if (password == null || password.strip().length() < PASSWORD_MIN) {
            throw new OperatorRequestException("password: at least " + PASSWORD_MIN + " characters");
        }
    }
}
