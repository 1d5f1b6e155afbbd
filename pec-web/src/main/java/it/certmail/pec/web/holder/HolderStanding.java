package it.certmail.pec.web.holder;

import java.time.Instant;
import java.time.ZoneId;

import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * Stato della casella in parole semplici: what the holder's dashboard says about a mailbox and what the holder can
 * do about it, from its status, its lifecycle phase and its expiry. Each standing names two bundle keys,
 * {@code holder.standing.<NAME>} (the words: attiva, in scadenza, scaduta...) and
 * {@code holder.standing.<NAME>.action} (what to do). Pure.
 */
public enum HolderStanding {
    /** attiva */
    ACTIVE(false),
    /** in scadenza: within {@link #RENEWAL_NOTICE_MONTHS} months of the expiry */
    EXPIRING(true),
    /** the automatic renewal failed and is being retried; the mailbox still works */
    PAYMENT_FAILED(true),
    /** scaduta, in super ricezione: receives (also when full), cannot send; a renewal keeps everything */
    SUPER_RECEPTION(true),
    /** attiva in ricezione: expired on a plan that keeps receiving for good */
    RECEPTION_ONLY(true),
    /** in cessazione: deleted at the end unless renewed */
    CESSATION(true),
    /** scaduta e sospesa: nobody signs in, mail to it is refused */
    SUSPENDED(false),
    /** recesso: closed to mail, the content downloadable until its deletion */
    WITHDRAWN(false),
    /** cessata o revocata: closed for good */
    CLOSED(false);

    /** The renewal notice shows from three months before the expiry. */
    public static final int RENEWAL_NOTICE_MONTHS = 3;

    private final boolean renewable;

    HolderStanding(boolean renewable) {
        this.renewable = renewable;
    }

    /**
     * @param phase     the lifecycle phase name, {@code null} for a mailbox without a plan
     * @param expiresAt {@code null} when it does not expire
     */
    public static HolderStanding of(MailboxStatus status, String phase, Instant expiresAt, Instant now, ZoneId zone) {
        if (status == MailboxStatus.CLOSED || "CLOSED".equals(phase)) {
            return CLOSED;
        }
        if (phase == null) {
            // no plan: the status alone speaks
            return switch (status) {
                case ACTIVE -> renewalNoticeDue(expiresAt, now, zone) ? EXPIRING : ACTIVE;
                case RECEIVE_ONLY -> RECEPTION_ONLY;
                case DISABLED -> SUSPENDED;
                case CLOSED -> CLOSED;
            };
        }
        return switch (phase) {
            case "ACTIVE" -> renewalNoticeDue(expiresAt, now, zone) ? EXPIRING : ACTIVE;
            case "PAYMENT_RETRY" -> PAYMENT_FAILED;
            case "GRACE" -> SUPER_RECEPTION;
            case "RECEPTION_ONLY" -> RECEPTION_ONLY;
            case "CESSATION" -> CESSATION;
            case "WITHDRAWN" -> WITHDRAWN;
            case "DISABLED" -> SUSPENDED;
            default -> status == MailboxStatus.ACTIVE ? ACTIVE : SUSPENDED;
        };
    }

    /** Whether the "renew now" notice shows: from three months before the expiry, and after it. */
    public static boolean renewalNoticeDue(Instant expiresAt, Instant now, ZoneId zone) {
        return expiresAt != null
                && !now.isBefore(expiresAt.atZone(zone).minusMonths(RENEWAL_NOTICE_MONTHS).toInstant());
    }

    /** Whether the Renew button is offered (a renewal brings the mailbox back or extends it). */
    public boolean renewable() {
        return renewable;
    }

    public String key() {
        return "holder.standing." + name();
    }

    public String actionKey() {
        return key() + ".action";
    }
}
