package it.certmail.pec.mailbox.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Indirizzi delle caselle: the syntax this provider accepts for its own mailboxes and domains. Stricter than
 * RFC 5321 on purpose (dot-atom local parts, no quoted strings, no IP literals); everything is lower-cased.
 */
public final class MailAddresses {

    private static final String ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern LOCAL_PART = Pattern.compile(ATEXT + "(\\." + ATEXT + ")*");
    private static final Pattern DOMAIN =
            Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

    private MailAddresses() {
    }

    /** The domain, stripped and lower-cased, if it is a valid host name with at least two labels. */
    public static Optional<String> normalizeDomain(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.length() <= 253 && DOMAIN.matcher(d).matches() ? Optional.of(d) : Optional.empty();
    }

    /** {@code local@domain}, stripped and lower-cased, if valid. */
    public static Optional<String> normalizeAddress(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at <= 0 || at > 64 || a.length() > 254) {
            return Optional.empty();
        }
        String local = a.substring(0, at);
        return LOCAL_PART.matcher(local).matches()
                ? normalizeDomain(a.substring(at + 1)).map(d -> local + "@" + d)
                : Optional.empty();
    }

    /** The domain part of a normalised address. */
    public static String domainOf(String normalizedAddress) {
        return normalizedAddress.substring(normalizedAddress.lastIndexOf('@') + 1);
    }
}
