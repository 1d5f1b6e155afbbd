package it.certmail.pec.receipts.domain;

/**
 * Which avviso di mancata consegna per superamento dei tempi massimi (RFC 6109 §3.1.6): both are
 * {@link PecMessageKind#DELIVERY_TIMEOUT} on the wire and differ only in their text.
 */
public enum TimeoutStage {
    /** preavviso: no presa in carico and no consegna within the first 12 hours */
    WARNING_12_HOURS(12),
    /** final notice: no consegna within 24 hours; the transaction ends with a negative outcome */
    FINAL_24_HOURS(24);

    private final int hours;

    TimeoutStage(int hours) {
        this.hours = hours;
    }

    /** The hours since dispatch this notice is about. */
    public int hours() {
        return hours;
    }
}
