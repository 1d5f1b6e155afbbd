package it.certmail.pec.mailbox.billing.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Contatore delle fatture di un anno: read FOR UPDATE and bumped in the transaction that writes the invoice, so
 * numbers have no gaps (a rolled-back invoice rolls its number back too) and no duplicates.
 */
@Entity
@Table(name = "invoice_counter")
public class InvoiceCounter {

    @Id
    @Column(name = "fiscal_year")
    private int fiscalYear;

    @Column(name = "last_sequence", nullable = false)
    private long lastSequence;

    protected InvoiceCounter() {
    }

    public InvoiceCounter(int fiscalYear) {
        this.fiscalYear = fiscalYear;
    }

    /** @return the new last sequence */
    public long next() {
        return ++lastSequence;
    }

    public int getFiscalYear() { return fiscalYear; }
    public long getLastSequence() { return lastSequence; }
}
