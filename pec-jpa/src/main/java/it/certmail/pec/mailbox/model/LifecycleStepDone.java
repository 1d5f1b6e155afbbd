package it.certmail.pec.mailbox.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Passo eseguito: a lifecycle step (or reminder) done for a mailbox, unique by {@code (mailbox, stepKey)}. Written in
 * the transaction that performs the step, so a job that restarts mid-run cannot perform it twice.
 */
@Entity
@Table(name = "lifecycle_step")
@NamedQuery(name = LifecycleStepDone.EXISTS, query = "SELECT COUNT(s) FROM LifecycleStepDone s"
        + " WHERE s.mailboxId = :mailbox AND s.stepKey = :key")
@NamedQuery(name = LifecycleStepDone.BY_MAILBOX, query = "SELECT s FROM LifecycleStepDone s"
        + " WHERE s.mailboxId = :mailbox ORDER BY s.doneAt, s.id")
public class LifecycleStepDone {

    public static final String EXISTS = "LifecycleStepDone.exists";
    public static final String BY_MAILBOX = "LifecycleStepDone.byMailbox";

    @Id
    @SequenceGenerator(name = "lifecycle_step_seq", sequenceName = "lifecycle_step_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "lifecycle_step_seq")
    private Long id;

    @Column(name = "mailbox_id", nullable = false)
    private Long mailboxId;

    @Column(name = "step_key", nullable = false, length = 200)
    private String stepKey;

    @Column(name = "step", nullable = false, length = 32)
    private String step;

    @Column(name = "done_at", nullable = false)
    private Instant doneAt;

    @Column(name = "detail", length = 500)
    private String detail;

    protected LifecycleStepDone() {
    }

    public LifecycleStepDone(Long mailboxId, String stepKey, String step, Instant doneAt, String detail) {
        this.mailboxId = mailboxId;
        this.stepKey = stepKey;
        this.step = step;
        this.doneAt = doneAt;
        this.detail = detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500);
    }

    public Long getId() { return id; }
    public Long getMailboxId() { return mailboxId; }
    public String getStepKey() { return stepKey; }
    public String getStep() { return step; }
    public Instant getDoneAt() { return doneAt; }
    public String getDetail() { return detail; }
}
