package it.certmail.pec.operator.domain;

import java.time.Instant;

/**
 * A search of the audit trail, newest first. Every criterion is optional: {@code actor} exact, {@code action} and
 * {@code target} as prefixes, {@code from} inclusive, {@code to} exclusive. Pages go by key: {@code beforeId} is the
 * last id of the previous page (null for the first).
 */
public record AuditQuery(String actor, String action, String target, Instant from, Instant to, Long beforeId,
        int limit) {

    public static final int MAX_LIMIT = 500;

    public AuditQuery {
        actor = blankToNull(actor);
        action = blankToNull(action);
        target = blankToNull(target);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
