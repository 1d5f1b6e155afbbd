package it.certmail.pec.operator.model;

/**
 * What an operator works on, as the roles divide it (issue 12): every console page and every admin API path belongs
 * to one area, and a role may read it, change it, or neither.
 */
public enum Area {
    DASHBOARD,
    MAILBOXES,
    DOMAINS,
    QUEUES,
    JOBS,
    /** the official log and message traces */
    LOG,
    AUDIT,
    PROVIDERS,
    PLANS,
    OPERATORS,
    CLOCK
}
