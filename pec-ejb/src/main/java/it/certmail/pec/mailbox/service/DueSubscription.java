package it.certmail.pec.mailbox.service;

import java.time.Instant;
import java.util.Objects;

/** Abbonamento in scadenza: a subscription with a step due, and when; the cursor of the jobs' keyset pages. */
public record DueSubscription(long id, Instant dueAt) {

    public DueSubscription {
        Objects.requireNonNull(dueAt, "dueAt");
    }
}
