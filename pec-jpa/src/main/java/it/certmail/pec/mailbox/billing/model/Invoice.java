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

/** Fattura: one per paid order, numbered without gaps within its fiscal year. */
@Entity
@Table(name = "invoice")
@NamedQuery(name = Invoice.BY_YEAR, query = "SELECT i FROM Invoice i WHERE i.fiscalYear = :year ORDER BY i.sequence")
@NamedQuery(name = Invoice.BY_MAILBOX, query = "SELECT i FROM Invoice i WHERE i.mailboxAddress = :address"
        + " ORDER BY i.issuedAt, i.id")
public class Invoice {

    public static final String BY_YEAR = "Invoice.byYear";
    public static final String BY_MAILBOX = "Invoice.byMailbox";

    @Id
    @SequenceGenerator(name = "invoice_seq", sequenceName = "invoice_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "invoice_seq")
    private Long id;

    @Column(name = "order_id", nullable = false, unique = true)
    private Long orderId;

    @Column(name = "fiscal_year", nullable = false)
    private int fiscalYear;

    @Column(name = "sequence_number", nullable = false)
    private long sequence;

    @Column(name = "invoice_number", nullable = false, length = 20)
    private String number;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "holder_name", nullable = false)
    private String holderName;

    @Column(name = "mailbox_address", nullable = false, length = 320)
    private String mailboxAddress;

    @Column(name = "taxable_cents", nullable = false)
    private long taxableCents;

    @Column(name = "vat_bps", nullable = false)
    private int vatBps;

    @Column(name = "vat_cents", nullable = false)
    private long vatCents;

    @Column(name = "total_cents", nullable = false)
    private long totalCents;

    protected Invoice() {
    }

    public Invoice(PurchaseOrder order, int fiscalYear, long sequence, String number, Instant issuedAt) {
        this.orderId = order.getId();
        this.fiscalYear = fiscalYear;
        this.sequence = sequence;
        this.number = number;
        this.issuedAt = issuedAt;
        this.holderName = order.getHolderName();
        this.mailboxAddress = order.getMailboxAddress();
        this.taxableCents = order.getTaxableCents();
        this.vatBps = order.getVatBps();
        this.vatCents = order.getVatCents();
        this.totalCents = order.getTotalCents();
    }

    public Long getId() { return id; }
    public Long getOrderId() { return orderId; }
    public int getFiscalYear() { return fiscalYear; }
    public long getSequence() { return sequence; }
    public String getNumber() { return number; }
    public Instant getIssuedAt() { return issuedAt; }
    public String getHolderName() { return holderName; }
    public String getMailboxAddress() { return mailboxAddress; }
    public long getTaxableCents() { return taxableCents; }
    public int getVatBps() { return vatBps; }
    public long getVatCents() { return vatCents; }
    public long getTotalCents() { return totalCents; }
}
