package it.certmail.pec.log.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A search of the registro dei messaggi for the console: any of msgid (the PEC identificativo), the client's
 * Message-ID, sender, recipient and event type, in a time range, newest first, paged by key ({@code before}: the
 * time and id of the last row of the previous page). Null or blank fields do not filter; {@code to} is exclusive.
 *
 * <p>It stays fast on tens of millions of entries because every query either names a transaction (msgid or
 * Message-ID, both indexed) or is bounded in time: without one of those ids the range is at most
 * {@link #MAX_WINDOW} long and ends at {@code to} (or now), so the scan walks the time index over that window only.
 */
public record LogSearch(String msgid, String clientMsgid, String sender, String recipient, String event,
        Instant from, Instant to, Instant beforeTime, Long beforeId, int limit) {

    /** The widest window a search without a msgid or Message-ID looks at. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    public static final int MAX_LIMIT = 500;

    public LogSearch {
        msgid = idOrNull(msgid);
        clientMsgid = idOrNull(clientMsgid);
        sender = lowerOrNull(sender);
        recipient = lowerOrNull(recipient);
        event = event == null || event.isBlank() ? null : event.strip().toUpperCase(Locale.ROOT);
        limit = limit <= 0 ? 50 : Math.min(limit, MAX_LIMIT);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
        if ((beforeTime == null) != (beforeId == null)) {
            throw new IllegalArgumentException("a page key needs both its time and its id");
        }
    }

    /** Whether the search names one transaction, so it need not be bounded in time. */
    public boolean namesTransaction() {
        return msgid != null || clientMsgid != null;
    }

    /**
     * The time range actually searched: as given when a transaction is named; else at most {@link #MAX_WINDOW}
     * ending at {@code to} (or {@code now}).
     */
    public Instant effectiveFrom(Instant now) {
        if (namesTransaction()) {
            return from;
        }
        Instant end = effectiveTo(now);
        Instant earliest = end.minus(MAX_WINDOW);
        return from == null || from.isBefore(earliest) ? earliest : from;
    }

    public Instant effectiveTo(Instant now) {
        if (to != null || namesTransaction()) {
            return to;
        }
        // a little past now: entries written with this node's clock a moment ahead are still found
        return now.plus(Duration.ofMinutes(1));
    }

    /** The next page: the same search after the given row. */
    public LogSearch after(Instant time, long id) {
        return new LogSearch(msgid, clientMsgid, sender, recipient, event, from, to, time, id, limit);
    }

    /** Message-IDs are compared without their angle brackets. */
    private static String idOrNull(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = s.strip();
        return t.length() >= 2 && t.startsWith("<") && t.endsWith(">") ? t.substring(1, t.length() - 1).strip() : t;
    }

    private static String lowerOrNull(String s) {
        return s == null || s.isBlank() ? null : s.strip().toLowerCase(Locale.ROOT);
    }
}
