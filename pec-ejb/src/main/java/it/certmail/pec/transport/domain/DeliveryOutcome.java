package it.certmail.pec.transport.domain;

import java.util.Objects;

/**
 * Esito di un tentativo di consegna verso un destinatario: every relay attempt ends, per recipient, in exactly one
 * of these (house-style §6.6 #3). The caller turns it into recipient state with the {@link RetrySchedule}.
 */
public sealed interface DeliveryOutcome permits DeliveryOutcome.Delivered, DeliveryOutcome.TemporaryFailure,
        DeliveryOutcome.PermanentFailure {

    /** The remote server's reply text, or a local description of the failure. */
    String detail();

    /** The receiving server accepted the message for this recipient ({@code 250} after DATA). */
    record Delivered(String detail) implements DeliveryOutcome {
        public Delivered {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** 4xx reply, connection error, timeout, STARTTLS missing or failed: retry later. */
    record TemporaryFailure(String detail) implements DeliveryOutcome {
        public TemporaryFailure {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** 5xx reply (or no route at all): do not retry; an avviso di mancata consegna follows. */
    record PermanentFailure(String detail) implements DeliveryOutcome {
        public PermanentFailure {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
