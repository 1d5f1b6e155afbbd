package it.certmail.pec.receipts.domain;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Dati di certificazione: the content of {@code daticert.xml} (RFC 6109 §4.4, DTD {@code postacert.dtd}).
 * Everything the DTD requires is non-null here; optional elements are null (or empty lists).
 *
 * @param type          {@code postacert/@tipo}
 * @param error         {@code postacert/@errore}
 * @param sender        {@code mittente}: the original sender (bare address)
 * @param recipients    {@code destinatari}: To and Cc recipients of the original, at least one
 * @param replyTo       {@code risposte}: Reply-To of the original (the sender when it had none)
 * @param subject       {@code oggetto}, nullable
 * @param issuer        {@code gestore-emittente}: the certifying provider's descriptive name
 * @param time          {@code data}: the transaction's time reference, second precision (finer parts are dropped)
 * @param identifier    {@code identificativo}: the PEC msgid, without angle brackets
 * @param msgid         {@code msgid}: the client's Message-ID with angle brackets, nullable
 * @param receiptForm   {@code ricevuta/@tipo}, nullable (envelopes and delivery receipts only)
 * @param delivery      {@code consegna}: the recipient delivered to or tried, nullable
 * @param reception     {@code ricezione}: recipients covered by a presa in carico
 * @param extendedError {@code errore-esteso}, nullable
 */
public record Daticert(
        DaticertType type,
        DaticertError error,
        String sender,
        List<Recipient> recipients,
        String replyTo,
        String subject,
        String issuer,
        ZonedDateTime time,
        String identifier,
        String msgid,
        ReceiptForm receiptForm,
        String delivery,
        List<String> reception,
        String extendedError) {

    public Daticert {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(replyTo, "replyTo");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(identifier, "identifier");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("daticert needs at least one recipient (destinatari+)");
        }
        reception = reception == null ? List.of() : List.copyOf(reception);
        time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    /** A builder for the many optional fields; {@code error} defaults to {@code nessuno}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this value's fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.error = error;
        b.sender = sender;
        b.recipients = new ArrayList<>(recipients);
        b.replyTo = replyTo;
        b.subject = subject;
        b.issuer = issuer;
        b.time = time;
        b.identifier = identifier;
        b.msgid = msgid;
        b.receiptForm = receiptForm;
        b.delivery = delivery;
        b.reception = new ArrayList<>(reception);
        b.extendedError = extendedError;
        return b;
    }

    /** Mutable builder of {@link Daticert}. */
    public static final class Builder {
        private DaticertType type;
        private DaticertError error = DaticertError.NONE;
        private String sender;
        private List<Recipient> recipients = new ArrayList<>();
        private String replyTo;
        private String subject;
        private String issuer;
        private ZonedDateTime time;
        private String identifier;
        private String msgid;
        private ReceiptForm receiptForm;
        private String delivery;
        private List<String> reception = new ArrayList<>();
        private String extendedError;

        private Builder() {
        }

        public Builder type(DaticertType value) {
            this.type = value;
            return this;
        }

        public Builder error(DaticertError value) {
            this.error = value;
            return this;
        }

        public Builder sender(String value) {
            this.sender = value;
            return this;
        }

        public Builder recipients(List<Recipient> value) {
            this.recipients = new ArrayList<>(value);
            return this;
        }

        public Builder addRecipient(Recipient value) {
            this.recipients.add(value);
            return this;
        }

        public Builder replyTo(String value) {
            this.replyTo = value;
            return this;
        }

        public Builder subject(String value) {
            this.subject = value;
            return this;
        }

        public Builder issuer(String value) {
            this.issuer = value;
            return this;
        }

        public Builder time(ZonedDateTime value) {
            this.time = value;
            return this;
        }

        public Builder identifier(String value) {
            this.identifier = value;
            return this;
        }

        public Builder msgid(String value) {
            this.msgid = value;
            return this;
        }

        public Builder receiptForm(ReceiptForm value) {
            this.receiptForm = value;
            return this;
        }

        public Builder delivery(String value) {
            this.delivery = value;
            return this;
        }

        public Builder reception(List<String> value) {
            this.reception = new ArrayList<>(value);
            return this;
        }

        public Builder extendedError(String value) {
            this.extendedError = value;
            return this;
        }

        /** @throws NullPointerException or IllegalArgumentException when a field the DTD requires is missing */
        public Daticert build() {
            return new Daticert(type, error, sender, recipients, replyTo, subject, issuer, time, identifier, msgid,
                    receiptForm, delivery, reception, extendedError);
        }
    }
}
