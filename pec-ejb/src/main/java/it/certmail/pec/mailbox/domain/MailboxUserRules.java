package it.certmail.pec.mailbox.domain;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Utenti aggiuntivi (the USER_SEAT add-on): a login is an e-mail-like name (the user's own address, usually), one
 * running seat lets one user in, and the first web password is drawn here and shown to the holder once.
 */
public final class MailboxUserRules {

    /** Letters and digits without the look-alikes (0/O, 1/l/I). */
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int PASSWORD_LENGTH = 16;

    private MailboxUserRules() {
    }

    /** The login in lower case; empty when it is not an e-mail-like name. */
    public static Optional<String> normalizeLogin(String login) {
        return MailAddresses.normalizeAddress(login);
    }

    /**
     * @param activeUsers users not revoked
     * @param seats       USER_SEAT units running now
     * @return why one more user may not be invited, or empty when a seat is free
     */
    public static Optional<String> seatRefusal(long activeUsers, long seats) {
        if (seats <= 0) {
            return Optional.of("the mailbox has no additional-user seat: buy the add-on on the renewal page");
        }
        if (activeUsers >= seats) {
            return Optional.of("all " + seats + " additional-user seats are taken: revoke a user or buy another seat");
        }
        return Optional.empty();
    }

    public static String initialPassword(SecureRandom random) {
        StringBuilder b = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            b.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return b.toString();
    }
}
