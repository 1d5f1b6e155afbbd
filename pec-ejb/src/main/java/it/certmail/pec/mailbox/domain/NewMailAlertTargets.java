package it.certmail.pec.mailbox.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Destinatari degli avvisi di nuova PEC: up to {@value #MAX} ordinary e-mail addresses and up to {@value #MAX}
 * Italian mobile numbers, checked and written one way ({@code +39} and the digits).
 */
public final class NewMailAlertTargets {

    public static final int MAX = 3;
    /** Italian mobile numbers: 3xx and 6 or 7 more digits, optionally after +39 or 0039. */
    private static final Pattern MOBILE = Pattern.compile("(?:\\+39|0039)?(3\\d{8,9})");

    private NewMailAlertTargets() {
    }

    /** Blank entries are dropped, duplicates kept once. */
    public static List<String> emails(List<String> typed) throws InvalidMailboxRequestException {
        List<String> out = new ArrayList<>();
        for (String t : typed) {
            if (t == null || t.isBlank()) {
                continue;
            }
            String a = MailAddresses.normalizeAddress(t)
                    .orElseThrow(() -> new InvalidMailboxRequestException("not an e-mail address: " + t.strip()));
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        if (out.size() > MAX) {
            throw new InvalidMailboxRequestException("at most " + MAX + " e-mail addresses");
        }
        return out;
    }

    /** Spaces, dots, dashes and brackets are allowed while typing; the result is {@code +39} and the digits. */
    public static List<String> mobiles(List<String> typed) throws InvalidMailboxRequestException {
        List<String> out = new ArrayList<>();
        for (String t : typed) {
            if (t == null || t.isBlank()) {
                continue;
            }
            String m = mobile(t).orElseThrow(() -> new InvalidMailboxRequestException(
                    "not an Italian mobile number (3xx xxx xxxx, optionally +39): " + t.strip()));
            if (!out.contains(m)) {
                out.add(m);
            }
        }
        if (out.size() > MAX) {
            throw new InvalidMailboxRequestException("at most " + MAX + " mobile numbers");
        }
        return out;
    }

    static java.util.Optional<String> mobile(String typed) {
        String compact = typed.strip().replaceAll("[\\s.\\-()/]", "");
        if (compact.length() > 16) {
            return java.util.Optional.empty();
        }
        var m = MOBILE.matcher(compact);
        return m.matches() ? java.util.Optional.of("+39" + m.group(1)) : java.util.Optional.empty();
    }
}
