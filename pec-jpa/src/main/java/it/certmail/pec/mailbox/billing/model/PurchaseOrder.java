package it.certmail.pec.mailbox.billing.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Ordine: one paid (or free) purchase, amounts in cents: {@code taxable = net - discount},
 * {@code total = taxable + vat}. Keeps the address and holder as text: it outlives a purged mailbox.
 */
@Entity
@Table(name = "purchase_order")
@NamedQuery(name = PurchaseOrder.BY_MAILBOX, query = "SELECT o FROM PurchaseOrder o WHERE o.mailboxAddress = :address"
        + " ORDER BY o.createdAt, o.id")
public class PurchaseOrder {

    public static final String BY_MAILBOX = "PurchaseOrder.byMailbox";

    @Id
    @SequenceGenerator(name = "purchase_order_seq", sequenceName = "purchase_order_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "purchase_order_seq")
    private Long id;

    @Column(name = "mailbox_address", nullable = false, length = 320)
    private String mailboxAddress;

    @Column(name = "holder_name", nullable = false)
    private String holderName;

    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false, length = 16)
    private OrderKind kind;

    @Column(name = "plan_code", length = 64)
    private String planCode;

    @Column(name = "description", nullable = false, length = 500)
    private String description;

    @Column(name = "net_cents", nullable = false)
    private long netCents;

    @Column(name = "discount_code", length = 64)
    private String discountCode;

    @Column(name = "discount_cents", nullable = false)
    private long discountCents;

    @Column(name = "taxable_cents", nullable = false)
    private long taxableCents;

    @Column(name = "vat_bps", nullable = false)
    private int vatBps;

    @Column(name = "vat_cents", nullable = false)
    private long vatCents;

    @Column(name = "total_cents", nullable = false)
    private long totalCents;

    @Column(name = "payment_ref", length = 100)
    private String paymentRef;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected PurchaseOrder() {
    }

    public PurchaseOrder(String mailboxAddress, String holderName, OrderKind kind, String planCode, String description,
            long netCents, String discountCode, long discountCents, long taxableCents, int vatBps, long vatCents,
            long totalCents, String paymentRef, Instant createdAt) {
        if (taxableCents != netCents - discountCents || totalCents != taxableCents + vatCents) {
            throw new IllegalArgumentException("inconsistent order amounts");
        }
        this.mailboxAddress = mailboxAddress;
        this.holderName = holderName;
        this.kind = kind;
        this.planCode = planCode;
        this.description = description;
        this.netCents = netCents;
        this.discountCode = discountCode;
        this.discountCents = discountCents;
        this.taxableCents = taxableCents;
        this.vatBps = vatBps;
        this.vatCents = vatCents;
        this.totalCents = totalCents;
        this.paymentRef = paymentRef;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public String getMailboxAddress() { return mailboxAddress; }
    public String getHolderName() { return holderName; }
    public OrderKind getKind() { return kind; }
    public String getPlanCode() { return planCode; }
    public String getDescription() { return description; }
    public long getNetCents() { return netCents; }
    public String getDiscountCode() { return discountCode; }
    public long getDiscountCents() { return discountCents; }
    public long getTaxableCents() { return taxableCents; }
    public int getVatBps() { return vatBps; }
    public long getVatCents() { return vatCents; }
    public long getTotalCents() { return totalCents; }
    public String getPaymentRef() { return paymentRef; }
    public Instant getCreatedAt() { return createdAt; }
}
