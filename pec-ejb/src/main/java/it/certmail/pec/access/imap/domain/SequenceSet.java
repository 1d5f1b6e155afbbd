package it.certmail.pec.access.imap.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * Insieme di sequenza (RFC 3501 §9 sequence-set): ranges of message numbers or UIDs, where {@code *} stands for
 * the largest number in use. Kept symbolic; {@link #contains} resolves {@code *} against the current maximum.
 */
public record SequenceSet(List<Range> ranges) {

    /** {@code *} in a range bound. */
    public static final long STAR = -1;

    /** One range; {@code from} may be greater than {@code to} ("4:2" is "2:4"). */
    public record Range(long from, long to) {

        long low(long max) {
            return Math.min(resolve(from, max), resolve(to, max));
        }

        long high(long max) {
            return Math.max(resolve(from, max), resolve(to, max));
        }

        private static long resolve(long n, long max) {
            return n == STAR ? max : n;
        }
    }

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    /**
     * Parses {@code 1,3:5,7:*}; {@code $} is not supported.
     *
     * @throws ImapSyntaxException if it is not a sequence set
     */
    public static SequenceSet parse(String text) throws ImapSyntaxException {
        if (text == null || text.isEmpty()) {
            throw new ImapSyntaxException("empty sequence set");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon)), number(part.substring(colon + 1))));
            }
        }
        return new SequenceSet(ranges);
    }

    private static long number(String s) throws ImapSyntaxException {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') {
            throw new ImapSyntaxException("bad number in sequence set: " + s);
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new ImapSyntaxException("bad number in sequence set: " + s);
            }
            n = n * 10 + (c - '0');
        }
        if (n > 0xFFFF_FFFFL) {
            throw new ImapSyntaxException("number out of range: " + s);
        }
        return n;
    }

    /** Whether {@code n} is in the set, with {@code *} = {@code max} (0 for an empty mailbox). */
    public boolean contains(long n, long max) {
        for (Range r : ranges) {
            if (n >= r.low(max) && n <= r.high(max)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a number above {@code limit} is named explicitly (a message number that does not exist). */
    public boolean exceeds(long limit) {
        for (Range r : ranges) {
            if ((r.from() != STAR && r.from() > limit) || (r.to() != STAR && r.to() > limit)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.from() == STAR ? "*" : Long.toString(r.from()));
            if (r.from() != r.to()) {
                sb.append(':').append(r.to() == STAR ? "*" : Long.toString(r.to()));
            }
        }
        return sb.toString();
    }

    /** Compact text of sorted distinct numbers, e.g. {@code 1:3,7} (for COPYUID, SEARCH results stay lists). */
    public static String compact(List<Long> sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1) {
                j++;
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(sorted.get(i));
            if (j > i) {
                sb.append(':').append(sorted.get(j));
            }
            i = j + 1;
        }
        return sb.toString();
    }
}
