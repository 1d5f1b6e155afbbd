package it.certmail.pec.mailbox.infra;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.model.ExpiryMode;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePolicy;
import it.certmail.pec.mailbox.model.Notice;

/**
 * Avvisi del ciclo di vita: the notice each lifecycle step (other than a charge) sends the holder, as text. Both the
 * per-mailbox path ({@link JpaLifecycle}) and the chunked one ({@link LifecycleChunk}) take their notices from here,
 * so the two cannot drift apart.
 */
public final class LifecycleNotices {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(JpaBilling.ZONE);

    /**
     * One notice to queue.
     *
     * @param key the outbox key after the mailbox address: {@code <period end>/<what>}
     */
    public record Draft(Notice.Channel channel, String subject, String body, String key) {
    }

    private LifecycleNotices() {
    }

    /**
     * The notice of {@code step}, given the facts after it ({@code after}); empty for {@link LifecycleStep#CHARGE},
     * whose notices depend on the payment's outcome.
     */
    public static Optional<Draft> of(LifecycleStep step, String address, LifecycleFacts after, LifecyclePolicy policy) {
        Instant expiry = after.expiresAt();
        String period = String.valueOf(expiry);
        return switch (step) {
            case CHARGE -> Optional.empty();
            case EXPIRE -> Optional.of(switch (policy.onExpiry()) {
                case RECEPTION_ONLY -> new Draft(Notice.Channel.EMAIL, "Casella PEC scaduta: sola ricezione",
                        "La casella " + address + " è scaduta il " + DAY.format(expiry) + ": riceve ancora i messaggi ma"
                                + " non può spedire; l'archivio e i servizi accessori sono cessati. Per spedire di nuovo"
                                + " acquista un piano.", period + "/expired");
                case SUPER_RECEPTION -> new Draft(Notice.Channel.EMAIL, "Casella PEC scaduta: super ricezione",
                        "La casella " + address + " è scaduta il " + DAY.format(expiry) + ". Fino al "
                                + DAY.format(expiry.plus(Duration.ofDays(policy.graceDays())))
                                + " riceve i messaggi ma non può spedire; rinnovandola entro quella data conservi"
                                + " tutto il contenuto.", period + "/expired");
                case CESSATION -> cessation(address, after, period);
            });
            case START_CESSATION -> Optional.of(cessation(address, after, period));
            case DISABLE -> Optional.of(new Draft(Notice.Channel.EMAIL, "Casella PEC disabilitata",
                    "La casella " + address + " è disabilitata: non riceve più messaggi e non è accessibile."
                            + " Sarà cancellata con tutto il contenuto il " + DAY.format(expiry.plus(
                            Duration.ofDays(policy.graceDays() + policy.purgeDays()))) + ".", period + "/disabled"));
            case FINAL_NOTICE -> Optional.of(new Draft(Notice.Channel.PEC, "Ultimo avviso: cancellazione della casella",
                    "La casella " + address + " sarà cancellata con tutto il contenuto il "
                            + DAY.format(after.cessationEndsAt()) + ". Riattivandola prima di quella data"
                            + " conservi indirizzo e contenuto.", period + "/final-notice"));
            case WITHDRAWAL_REMINDER -> Optional.of(new Draft(Notice.Channel.EMAIL,
                    "Recesso: la casella PEC sarà cancellata il " + DAY.format(after.cessationEndsAt()),
                    "Dopo il recesso, la casella " + address + " sarà cancellata con tutto il contenuto il "
                            + DAY.format(after.cessationEndsAt()) + ". Fino a quella data puoi accedere all'area del"
                            + " titolare per scaricare i messaggi, le fatture, il contratto e gli estratti del registro.",
                    "withdrawal/reminder"));
            case PURGE, DELETE -> Optional.of(new Draft(Notice.Channel.EMAIL, "Casella PEC cancellata",
                    "La casella " + address + " e il suo contenuto sono stati cancellati. L'indirizzo resta"
                            + " riservato al titolare per 5 anni.", period + "/deleted"));
        };
    }

    /** The notice of a withdrawal, given the facts after it (the deletion date in {@code cessationEndsAt}). */
    public static Draft withdrawal(String address, LifecycleFacts after) {
        return new Draft(Notice.Channel.EMAIL, "Recesso dalla casella PEC " + address,
                "Il recesso è stato registrato: la casella " + address + " non spedisce né riceve più messaggi e non"
                        + " è accessibile con i programmi di posta. Fino al " + DAY.format(after.cessationEndsAt())
                        + " puoi accedere all'area del titolare con la password web per scaricare i messaggi, le"
                        + " fatture, il contratto e gli estratti del registro; in quella data la casella sarà"
                        + " cancellata con tutto il contenuto. L'indirizzo resta riservato al titolare per 5 anni.",
                "withdrawal");
    }

    /** Whether the step ends the paid services: archive deleted (if the plan says so) and add-ons ended. */
    public static boolean endsServices(LifecycleStep step, LifecyclePolicy policy) {
        return step == LifecycleStep.EXPIRE && policy.onExpiry() == ExpiryMode.RECEPTION_ONLY;
    }

    private static Draft cessation(String address, LifecycleFacts after, String period) {
        return new Draft(Notice.Channel.EMAIL, "Avvio della cessazione della casella PEC",
                "Non è stato possibile addebitare il rinnovo della casella " + address + ": la procedura di"
                        + " cessazione è avviata e la casella sarà cancellata il " + DAY.format(after.cessationEndsAt())
                        + ". Riattivandola prima conservi indirizzo e contenuto.", period + "/cessation");
    }
}
