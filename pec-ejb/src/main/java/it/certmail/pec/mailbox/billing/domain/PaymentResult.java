package it.certmail.pec.mailbox.billing.domain;

/** Esito di un addebito: approved with the gateway's reference, or refused with its message. */
public record PaymentResult(boolean approved, String reference, String message) {

    public static PaymentResult approved(String reference) {
        return new PaymentResult(true, reference, null);
    }

    public static PaymentResult declined(String message) {
        return new PaymentResult(false, null, message);
    }
}
