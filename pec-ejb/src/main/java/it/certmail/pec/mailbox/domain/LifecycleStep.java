package it.certmail.pec.mailbox.domain;

/** Passo del ciclo di vita: one thing the jobs do to a mailbox, and which job does it. */
public enum LifecycleStep {
    /** charge the payment method for the next period (first attempt or a daily retry) */
    CHARGE("billing"),
    /** the period ended unpaid: super reception, reception only, or (recurring plans) cessation */
    EXPIRE("lifecycle"),
    /** the super reception window is over: no access, no reception */
    DISABLE("lifecycle"),
    /** delete the mailbox and all its content; the address is reserved for the holder */
    PURGE("lifecycle"),
    /** retries exhausted: tell the holder by e-mail that cessation has started */
    START_CESSATION("lifecycle"),
    /** the last notice, by PEC into the mailbox, before the deletion */
    FINAL_NOTICE("lifecycle"),
    /** a few days before a withdrawn mailbox is deleted: remind the holder by e-mail to download the content */
    WITHDRAWAL_REMINDER("lifecycle"),
    /** the cessation or withdrawal window is over: delete as {@link #PURGE} */
    DELETE("lifecycle");

    private final String job;

    LifecycleStep(String job) {
        this.job = job;
    }

    /** The name of the {@code PecJob} that performs it. */
    public String job() {
        return job;
    }
}
