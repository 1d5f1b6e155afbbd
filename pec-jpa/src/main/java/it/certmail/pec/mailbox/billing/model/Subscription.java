package it.certmail.pec.mailbox.billing.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Mailbox;

/**
 * Abbonamento: a mailbox's plan, payment method and lifecycle facts. Every change of the facts goes through
 * {@link #apply}, which also sets the mailbox's status and expiry, and {@link #schedule}, which records the next
 * step for the jobs' query.
 */
@Entity
@Table(name = "subscription")
@NamedQuery(name = Subscription.BY_MAILBOX, query = "SELECT s FROM Subscription s WHERE s.mailbox.address = :address")
@NamedQuery(name = Subscription.DUE, query = "SELECT s.id FROM Subscription s WHERE s.nextStepAt <= :now"
        + " AND s.nextStep IN :steps ORDER BY s.nextStepAt, s.id")
public class Subscription {

    /** Parameter {@code address}, lower-case. */
    public static final String BY_MAILBOX = "Subscription.byMailbox";
    /** Ids of subscriptions whose next step is one of {@code steps} (names) and due at {@code now}. */
    public static final String DUE = "Subscription.due";

    @Id
    @SequenceGenerator(name = "subscription_seq", sequenceName = "subscription_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subscription_seq")
    private Long id;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "mailbox_id", nullable = false, unique = true)
    private Mailbox mailbox;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "plan_code", nullable = false)
    private Plan plan;

    @Column(name = "term_years", nullable = false)
    private int termYears;

    @Column(name = "auto_renew", nullable = false)
    private boolean autoRenew;

    @Column(name = "payment_token")
    private String paymentToken;

    @Column(name = "alert_phone", length = 32)
    private String alertPhone;

    @Column(name = "activated_at", nullable = false)
    private Instant activatedAt;

    @Column(name = "anchor_at", nullable = false)
    private Instant anchorAt;

    @Column(name = "paid_months", nullable = false)
    private int paidMonths;

    @Enumerated(EnumType.STRING)
    @Column(name = "phase", nullable = false, length = 32)
    private LifecyclePhase phase;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "failed_charges", nullable = false)
    private int failedCharges;

    @Column(name = "first_failed_at")
    private Instant firstFailedAt;

    @Column(name = "last_charge_at")
    private Instant lastChargeAt;

    @Column(name = "cessation_ends_at")
    private Instant cessationEndsAt;

    @Column(name = "final_notice_sent", nullable = false)
    private boolean finalNoticeSent;

    @Column(name = "phase_since", nullable = false)
    private Instant phaseSince;

    @Column(name = "next_step", length = 32)
    private String nextStep;

    @Column(name = "next_step_at")
    private Instant nextStepAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Subscription() {
    }

    /** A paid first period: {@code paidMonths} from {@code activatedAt}, ending at {@code expiresAt}. */
    public Subscription(Mailbox mailbox, Plan plan, int termYears, boolean autoRenew, String paymentToken,
            Instant activatedAt, int paidMonths, Instant expiresAt) {
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.termYears = termYears;
        this.autoRenew = autoRenew;
        this.paymentToken = paymentToken;
        this.activatedAt = activatedAt;
        this.anchorAt = activatedAt;
        this.paidMonths = paidMonths;
        this.phaseSince = activatedAt;
        apply(LifecycleFacts.paidUntil(expiresAt, autoRenew), activatedAt);
    }

    public LifecycleFacts facts() {
        return new LifecycleFacts(phase, expiresAt, autoRenew, failedCharges, firstFailedAt, lastChargeAt,
                cessationEndsAt, finalNoticeSent);
    }

    /** Takes the new facts; the mailbox follows with the phase's status and the expiry. */
    public void apply(LifecycleFacts f, Instant now) {
        if (f.phase() != phase) {
            phaseSince = now;
        }
        phase = f.phase();
        expiresAt = f.expiresAt();
        autoRenew = f.autoRenew();
        failedCharges = f.failedCharges();
        firstFailedAt = f.firstFailedAt();
        lastChargeAt = f.lastChargeAt();
        cessationEndsAt = f.cessationEndsAt();
        finalNoticeSent = f.finalNoticeSent();
        if (mailbox.getStatus() != phase.status() && mailbox.getStatus().canChangeTo(phase.status())) {
            mailbox.changeStatus(phase.status());
        }
        mailbox.setExpiresAt(expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC));
    }

    /** The next step and its date as the machine computed them; {@code null} for none. */
    public void schedule(String step, Instant at) {
        this.nextStep = step;
        this.nextStepAt = at;
    }

    /** {@code months} more paid from the same anchor (a renewal keeps the day of the period). */
    public void extendPaid(int months) {
        this.paidMonths += months;
    }

    /** A fresh start (reactivation, new plan on a lapsed mailbox): periods count from {@code anchor}. */
    public void restart(Instant anchor, int months) {
        this.anchorAt = anchor;
        this.paidMonths = months;
    }

    public void changePlan(Plan newPlan, int newTermYears) {
        this.plan = Objects.requireNonNull(newPlan, "newPlan");
        this.termYears = newTermYears;
        this.mailbox.setPlan(newPlan.getCode());
    }

    public void setPaymentToken(String paymentToken) {
        this.paymentToken = paymentToken;
    }

    public void setAlertPhone(String alertPhone) {
        this.alertPhone = alertPhone;
    }

    public String getAlertPhone() { return alertPhone; }
    public Long getId() { return id; }
    public Mailbox getMailbox() { return mailbox; }
    public Plan getPlan() { return plan; }
    public int getTermYears() { return termYears; }
    public boolean isAutoRenew() { return autoRenew; }
    public String getPaymentToken() { return paymentToken; }
    public Instant getActivatedAt() { return activatedAt; }
    public Instant getAnchorAt() { return anchorAt; }
    public int getPaidMonths() { return paidMonths; }
    public LifecyclePhase getPhase() { return phase; }
    public Instant getExpiresAt() { return expiresAt; }
    public Instant getPhaseSince() { return phaseSince; }
    public String getNextStep() { return nextStep; }
    public Instant getNextStepAt() { return nextStepAt; }
    public long getVersion() { return version; }
}
