package it.certmail.pec.mailbox.billing.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Prezzo di un servizio aggiuntivo: yearly net price of one unit (table {@code addon_price}). */
@Entity
@Table(name = "addon_price")
public class AddOnPrice {

    @Id
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", length = 32)
    private AddOnKind kind;

    @Column(name = "yearly_price_cents", nullable = false)
    private long yearlyPriceCents;

    protected AddOnPrice() {
    }

    public AddOnPrice(AddOnKind kind, long yearlyPriceCents) {
        this.kind = kind;
        this.yearlyPriceCents = yearlyPriceCents;
    }

    public void setYearlyPriceCents(long cents) {
        this.yearlyPriceCents = cents;
    }

    public AddOnKind getKind() { return kind; }
    public long getYearlyPriceCents() { return yearlyPriceCents; }
}
