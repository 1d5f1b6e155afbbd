package it.certmail.pec.mailbox.infra;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import it.certmail.pec.mailbox.domain.SmsGateway;

/** Gateway SMS di prova: sends nothing, records and logs what it would send. */
public class SandboxSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(SandboxSmsGateway.class.getName());

    /** One SMS that would have gone out. */
    public record Sms(String phoneNumber, String text) {
    }

    private final List<Sms> sent = new CopyOnWriteArrayList<>();

    @Override
    public void send(String phoneNumber, String text) {
        sent.add(new Sms(phoneNumber, text));
        LOG.info(() -> "SMS (sandbox) to " + phoneNumber + ": " + text);
    }

    public List<Sms> sent() {
        return List.copyOf(sent);
    }
}
