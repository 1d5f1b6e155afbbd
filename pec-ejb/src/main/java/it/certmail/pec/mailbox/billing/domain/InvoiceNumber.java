package it.certmail.pec.mailbox.billing.domain;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Numero di fattura: sequential without gaps inside each calendar year (Europe/Rome), restarting at 1 every
 * January (DPR 633/1972 art. 21). Written {@code 2026/000042}.
 */
public record InvoiceNumber(int year, long sequence) implements Comparable<InvoiceNumber> {

    public static final ZoneId ZONE = ZoneId.of("Europe/Rome");

    public InvoiceNumber {
        if (sequence < 1) {
            throw new IllegalArgumentException("invoice sequences start at 1");
        }
    }

    /** The fiscal year of an invoice issued at {@code at}. */
    public static int yearOf(Instant at) {
        return at.atZone(ZONE).getYear();
    }

    /**
     * The number after the last one issued in {@code year} ({@code lastSequence} 0 when none yet).
     */
    public static InvoiceNumber next(int year, long lastSequence) {
        return new InvoiceNumber(year, lastSequence + 1);
    }

    @Override
    public String toString() {
        return String.format("%d/%06d", year, sequence);
    }

    @Override
    public int compareTo(InvoiceNumber o) {
        return year != o.year ? Integer.compare(year, o.year) : Long.compare(sequence, o.sequence);
    }
}
