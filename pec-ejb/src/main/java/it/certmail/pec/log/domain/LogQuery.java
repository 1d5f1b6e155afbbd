package it.certmail.pec.log.domain;

import java.time.Instant;

/** A search of the log; null fields do not filter. {@code to} is exclusive. */
public record LogQuery(String msgid, String sender, Instant from, Instant to, int limit) {

    public static final int MAX_LIMIT = 1000;

    public LogQuery {
        limit = limit <= 0 ? 100 : Math.min(limit, MAX_LIMIT);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }
}
