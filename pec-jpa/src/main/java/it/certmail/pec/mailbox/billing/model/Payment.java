package it.certmail.pec.mailbox.billing.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** Tentativo di addebito: one charge attempt and the gateway's answer, unique by its idempotency key. */
@Entity
@Table(name = "payment")
@NamedQuery(name = Payment.BY_KEY, query = "SELECT p FROM Payment p WHERE p.idempotencyKey = :key")
@NamedQuery(name = Payment.BY_MAILBOX, query = "SELECT p FROM Payment p WHERE p.mailboxAddress = :address"
        + " ORDER BY p.attemptedAt, p.id")
public class Payment {

    public static final String BY_KEY = "Payment.byKey";
    public static final String BY_MAILBOX = "Payment.byMailbox";

    @Id
    @SequenceGenerator(name = "payment_seq", sequenceName = "payment_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "payment_seq")
    private Long id;

    @Column(name = "idempotency_key", nullable = false, unique = true, length = 200)
    private String idempotencyKey;

    @Column(name = "mailbox_address", nullable = false, length = 320)
    private String mailboxAddress;

    @Column(name = "amount_cents", nullable = false)
    private long amountCents;

    /** APPROVED or DECLINED */
    @Column(name = "outcome", nullable = false, length = 16)
    private String outcome;

    @Column(name = "gateway_ref", length = 100)
    private String gatewayRef;

    @Column(name = "message", length = 500)
    private String message;

    @Column(name = "attempted_at", nullable = false)
    private Instant attemptedAt;

    protected Payment() {
    }

    public Payment(String idempotencyKey, String mailboxAddress, long amountCents, boolean approved, String gatewayRef,
            String message, Instant attemptedAt) {
        this.idempotencyKey = idempotencyKey;
        this.mailboxAddress = mailboxAddress;
        this.amountCents = amountCents;
        this.outcome = approved ? "APPROVED" : "DECLINED";
        this.gatewayRef = gatewayRef;
        this.message = message == null || message.length() <= 500 ? message : message.substring(0, 500);
        this.attemptedAt = attemptedAt;
    }

    public boolean isApproved() {
        return "APPROVED".equals(outcome);
    }

    public Long getId() { return id; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public String getMailboxAddress() { return mailboxAddress; }
    public long getAmountCents() { return amountCents; }
    public String getGatewayRef() { return gatewayRef; }
    public String getMessage() { return message; }
    public Instant getAttemptedAt() { return attemptedAt; }
}
