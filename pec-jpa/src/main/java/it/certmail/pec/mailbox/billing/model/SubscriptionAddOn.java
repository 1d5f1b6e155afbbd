package it.certmail.pec.mailbox.billing.model;

import java.time.Instant;

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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** Servizio aggiuntivo acquistato: units of an add-on, until the expiry of the period it was bought in. */
@Entity
@Table(name = "subscription_addon")
@NamedQuery(name = SubscriptionAddOn.RUNNING, query = "SELECT a FROM SubscriptionAddOn a"
        + " WHERE a.subscription = :subscription AND a.expiresAt > :now ORDER BY a.id")
public class SubscriptionAddOn {

    /** Add-ons of {@code subscription} still running at {@code now}. */
    public static final String RUNNING = "SubscriptionAddOn.running";

    @Id
    @SequenceGenerator(name = "subscription_addon_seq", sequenceName = "subscription_addon_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "subscription_addon_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "subscription_id", nullable = false)
    private Subscription subscription;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 32)
    private AddOnKind kind;

    @Column(name = "units", nullable = false)
    private int units;

    @Column(name = "bought_at", nullable = false)
    private Instant boughtAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "order_id")
    private Long orderId;

    protected SubscriptionAddOn() {
    }

    public SubscriptionAddOn(Subscription subscription, AddOnKind kind, int units, Instant boughtAt, Instant expiresAt,
            Long orderId) {
        this.subscription = subscription;
        this.kind = kind;
        this.units = units;
        this.boughtAt = boughtAt;
        this.expiresAt = expiresAt;
        this.orderId = orderId;
    }

    /** Ends it now (the mailbox lapsed to reception only: accessory services end). */
    public void end(Instant now) {
        if (expiresAt.isAfter(now)) {
            expiresAt = now;
        }
    }

    public Long getId() { return id; }
    public AddOnKind getKind() { return kind; }
    public int getUnits() { return units; }
    public Instant getBoughtAt() { return boughtAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public Long getOrderId() { return orderId; }
}
