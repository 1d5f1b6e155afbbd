package it.certmail.pec.mailbox.billing.domain;

/** A stored payment method's token, shown without giving it away. */
public final class PaymentTokens {

    private PaymentTokens() {
    }

    /** {@code tok-visa-4242}: {@code •••• 4242}; four characters or fewer: all masked. */
    public static String masked(String token) {
        String t = token.strip();
        return t.length() <= 4 ? "••••" : "•••• " + t.substring(t.length() - 4);
    }
}
