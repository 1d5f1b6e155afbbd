package it.certmail.pec.operator.model;

import java.util.EnumSet;
import java.util.Set;

/**
 * Ruolo dell'operatore. {@code ADMIN} does everything; {@code OPERATOR} runs mailboxes, domains, queues and jobs and
 * reads the rest, but neither sees operators nor changes plans, prices, the provider index or the clock;
 * {@code AUDITOR} reads (log, traces, the audit trail and what operators see) and changes nothing.
 */
public enum OperatorRole {
    ADMIN(EnumSet.allOf(Area.class), EnumSet.allOf(Area.class)),
    OPERATOR(EnumSet.complementOf(EnumSet.of(Area.OPERATORS)),
            EnumSet.of(Area.MAILBOXES, Area.DOMAINS, Area.QUEUES, Area.JOBS)),
    AUDITOR(EnumSet.complementOf(EnumSet.of(Area.OPERATORS)), EnumSet.noneOf(Area.class));

    private final Set<Area> reads;
    private final Set<Area> changes;

    OperatorRole(Set<Area> reads, Set<Area> changes) {
        this.reads = reads;
        this.changes = changes;
    }

    public boolean mayRead(Area area) {
        return reads.contains(area);
    }

    public boolean mayChange(Area area) {
        return changes.contains(area);
    }

    /** @param change true for a state-changing action, false for reading */
    public boolean allows(Area area, boolean change) {
        return change ? mayChange(area) : mayRead(area);
    }

    /** The role's name in lower case, as people type and read it ({@code admin}, {@code operator}, {@code auditor}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a role */
    public static OperatorRole ofCode(String code) {
        return valueOf(code.strip().toUpperCase(java.util.Locale.ROOT));
    }
}
