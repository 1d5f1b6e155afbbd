package it.certmail.pec.webmail.domain;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.RecipientType;

/**
 * I dati di certificazione in parole semplici: the daticert.xml of a PEC message as the holder reads it. Words
 * are bundle keys ({@code mail.daticert.type.<code>}, {@code mail.daticert.recipient.<certified|external>},
 * {@code mail.daticert.error.<code>}); the time is in the zone the page shows.
 *
 * @param typeKey  bundle key of the kind (acceptance, delivery, ...)
 * @param errorKey bundle key of the error, null when there is none
 */
public record DaticertSummary(String typeKey, String sender, List<Recipient> recipients, ZonedDateTime time,
        String identifier, String subject, String issuer, String delivery, String errorKey, String extendedError) {

    /** A recipient with the bundle key of its type (certificato: a PEC mailbox; esterno: ordinary mail). */
    public record Recipient(String address, String typeKey) {
    }

    public static DaticertSummary of(Daticert d, ZoneId zone) {
        return new DaticertSummary("mail.daticert.type." + d.type().code(), d.sender(),
                d.recipients().stream().map(r -> new Recipient(r.address(),
                        r.type() == RecipientType.CERTIFIED ? "mail.daticert.recipient.certified"
                                : "mail.daticert.recipient.external")).toList(),
                d.time().withZoneSameInstant(zone), d.identifier(), d.subject(), d.issuer(), d.delivery(),
                d.error() == DaticertError.NONE ? null : "mail.daticert.error." + d.error().code(),
                d.extendedError());
    }
}
