package it.certmail.pec.mailbox.billing.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import it.certmail.pec.mailbox.billing.domain.PaymentGateway;
import it.certmail.pec.mailbox.billing.infra.SandboxPaymentGateway;
import it.certmail.pec.mailbox.domain.SmsGateway;
import it.certmail.pec.mailbox.infra.SandboxSmsGateway;

/**
 * The payment and SMS gateways in use: the shipped adapters are sandboxes (tokens starting with {@code decline}
 * are refused; SMS are recorded and logged). A real adapter replaces the producer method.
 */
@ApplicationScoped
public class Gateways {

    private final SandboxPaymentGateway payments = new SandboxPaymentGateway();
    private final SandboxSmsGateway sms = new SandboxSmsGateway();

    @Produces
    PaymentGateway paymentGateway() {
        return payments;
    }

    @Produces
    SmsGateway smsGateway() {
        return sms;
    }

    /** What the sandbox would have sent, for admins and tests. */
    public SandboxSmsGateway sandboxSms() {
        return sms;
    }
}
