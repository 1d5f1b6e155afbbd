package it.certmail.pec.access.imap.domain;

/**
 * Modello di LIST (RFC 3501 §6.3.8): {@code *} matches any characters, {@code %} any but the hierarchy separator
 * {@code /}, everything else itself. Matched in time linear in the pattern times the name, whatever the pattern: a
 * regular expression built from it backtracked exponentially on a run of {@code %} (one LIST of fifty held a
 * worker thread for minutes; found by fuzzing).
 */
final class MailboxPattern {

    private MailboxPattern() {
    }

    /**
     * Whether {@code name} matches {@code pattern}; with {@code asciiIgnoreCase} letters of US-ASCII match in either
     * case (INBOX is case-insensitive).
     */
    static boolean matches(String pattern, String name, boolean asciiIgnoreCase) {
        int n = name.length();
        // reachable[j]: the pattern read so far can match the first j characters of the name
        boolean[] reachable = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        reachable[0] = true;
        for (int i = 0; i < pattern.length(); i++) {
            char p = pattern.charAt(i);
            java.util.Arrays.fill(next, false);
            if (p == '*' || p == '%') {
                boolean carried = false;
                for (int j = 0; j <= n; j++) {
                    // a wildcard extends a match by any run of characters (for %, none of them a separator)
                    carried = reachable[j] || carried && (p == '*' || name.charAt(j - 1) != '/');
                    next[j] = carried;
                }
            } else {
                for (int j = 1; j <= n; j++) {
                    next[j] = reachable[j - 1] && same(p, name.charAt(j - 1), asciiIgnoreCase);
                }
            }
            boolean[] swap = reachable;
            reachable = next;
            next = swap;
        }
        return reachable[n];
    }

    private static boolean same(char p, char c, boolean asciiIgnoreCase) {
        return p == c || asciiIgnoreCase && p < 0x80 && c < 0x80 && Character.toLowerCase(p) == Character.toLowerCase(c);
    }
}
