package it.certmail.pec.mailbox.billing.model;

/** Unità del periodo di fatturazione. */
public enum PeriodUnit {
    MONTHS(1),
    YEARS(12);

    private final int months;

    PeriodUnit(int months) {
        this.months = months;
    }

    /** Months in one unit. */
    public int months() {
        return months;
    }
}
