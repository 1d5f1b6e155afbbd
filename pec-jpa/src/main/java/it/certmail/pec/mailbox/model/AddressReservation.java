package it.certmail.pec.mailbox.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Indirizzo riservato: a ceased address, kept for its holder (and only them) until {@code reservedUntil}; it can
 * be given back to them as a new, empty mailbox.
 */
@Entity
@Table(name = "address_reservation")
public class AddressReservation {

    @Id
    @Column(name = "address", length = 320)
    private String address;

    @Column(name = "holder_name", nullable = false)
    private String holderName;

    @Column(name = "reference_email", length = 320)
    private String referenceEmail;

    @Column(name = "ceased_at", nullable = false)
    private Instant ceasedAt;

    @Column(name = "reserved_until", nullable = false)
    private Instant reservedUntil;

    protected AddressReservation() {
    }

    public AddressReservation(String address, String holderName, String referenceEmail, Instant ceasedAt,
            Instant reservedUntil) {
        this.address = address;
        this.holderName = holderName;
        this.referenceEmail = referenceEmail;
        this.ceasedAt = ceasedAt;
        this.reservedUntil = reservedUntil;
    }

    public boolean isActive(Instant now) {
        return now.isBefore(reservedUntil);
    }

    public String getAddress() { return address; }
    public String getHolderName() { return holderName; }
    public String getReferenceEmail() { return referenceEmail; }
    public Instant getCeasedAt() { return ceasedAt; }
    public Instant getReservedUntil() { return reservedUntil; }
}
