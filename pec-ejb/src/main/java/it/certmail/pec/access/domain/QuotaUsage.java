package it.certmail.pec.access.domain;

/** Occupazione della casella: bytes used and allowed. */
public record QuotaUsage(long usedBytes, long quotaBytes) {
}
