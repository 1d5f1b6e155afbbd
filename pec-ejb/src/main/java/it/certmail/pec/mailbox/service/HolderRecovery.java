package it.certmail.pec.mailbox.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.SmsGateway;
import it.certmail.pec.security.domain.OneTimeCodes;

/**
 * Recupero della password web e cambio dell'e-mail di riferimento, without an operator: a numeric one-time code
 * ({@link OneTimeCodes}: 15 minutes, single use, rate limited) goes by e-mail to the reference address (to the new
 * address for a change of it). A right recovery code yields a grant that lets the holder set a new web password
 * under the usual rules ({@link MailboxService#changeWebPassword}: length, once per 24 hours); every recovery is
 * logged and announced to the reference e-mail. Codes and grants are kept in the database ({@link HolderCodes}):
 * a code asked for on one node works on another and after a restart.
 */
@ApplicationScoped
public class HolderRecovery {

    private static final Logger LOG = Logger.getLogger(HolderRecovery.class.getName());

    @Inject
    MailboxService mailboxes;

    @Inject
    HolderContacts contacts;

    @Inject
    LifecycleService lifecycle;

    @Inject
    SmsGateway sms;

    @Inject
    Clock clock;

    /** Codes and grants in the database: asked for on one node, usable on another and after a restart. */
    @Inject
    HolderCodes codes;

    /** Outcome of a code request: {@code retryAfter} zero when the request was accepted. */
    public record CodeRequest(boolean accepted, Duration retryAfter) {
    }

    /**
     * Sends a recovery code to the reference e-mail of {@code address}. The answer is the same whether the mailbox
     * exists or not (the form must not tell strangers which addresses exist); only the rate limit shows.
     */
    public CodeRequest requestRecoveryCode(String address) {
        String normalized = normalize(address);
        OneTimeCodes.Issue issue = codes.issue("recovery:" + normalized);
        if (issue.code().isEmpty()) {
            return new CodeRequest(false, issue.retryAfter());
        }
        Optional<MailboxInfo> m = mailboxes.findMailbox(normalized)
                .filter(x -> x.status().canLogin() || mailboxes.webDownloadOnly(x.address()));
        if (m.isPresent() && m.get().referenceEmail() != null) {
            boolean sent = contacts.sendCode(m.get().referenceEmail(), "Codice di recupero password / Password recovery code",
                    "Codice per reimpostare la password web di " + normalized + ": " + issue.code().get()
                            + "\nValido 15 minuti, una sola volta. Se non l'hai chiesto tu, ignora questo messaggio."
                            + "\n\nCode to reset the web password of " + normalized + ": " + issue.code().get()
                            + "\nValid for 15 minutes, once. If you did not ask for it, ignore this message.\n");
            LOG.info(() -> "password recovery code for " + normalized + (sent ? " sent" : " NOT sent"));
            smsToo(normalized, issue.code().get());
        } else {
            LOG.info(() -> "password recovery asked for " + normalized + ": no such mailbox or no reference e-mail");
        }
        return new CodeRequest(true, Duration.ZERO);
    }

    /**
     * The same code by SMS when the mailbox has a mobile number and the SMS notifications add-on: a holder who
     * lost access to the reference e-mail still gets it.
     */
    private void smsToo(String address, String code) {
        Optional<LifecycleView> view = lifecycle.view(address).filter(v -> v.alertPhone() != null
                && v.addOns().stream().anyMatch(a -> a.startsWith(AddOnKind.SMS_NOTIFICATIONS.name())));
        if (view.isEmpty()) {
            return;
        }
        try {
            sms.send(view.get().alertPhone(), "PEC " + address + ": codice di recupero " + code
                    + " (15 minuti) / recovery code " + code + " (15 minutes)");
            LOG.info(() -> "password recovery code for " + address + " also sent by SMS");
        } catch (java.io.IOException e) {
            LOG.warning(() -> "password recovery code for " + address + " not sent by SMS: " + e.getMessage());
        }
    }

    /** A right code (used up) gives a grant to set a new password within the code's validity. */
    public Optional<String> confirmRecoveryCode(String address, String code) {
        String normalized = normalize(address);
        if (!codes.redeem("recovery:" + normalized, code)) {
            LOG.info(() -> "password recovery for " + normalized + ": wrong or expired code");
            return Optional.empty();
        }
        return Optional.of(codes.grant("grant:" + normalized, OneTimeCodes.VALIDITY));
    }

    /**
     * Sets the new web password under a grant from {@link #confirmRecoveryCode}; the grant is used up only when
     * the password is accepted, so a refused one (too short, 24 h rule) can be corrected.
     *
     * @throws InvalidMailboxRequestException for a missing, wrong or expired grant, or a password the rules refuse
     */
    public void completeRecovery(String address, String grantToken, String newPassword) throws MailboxException {
        String normalized = normalize(address);
        Instant now = clock.instant();
        if (!codes.grantValid("grant:" + normalized, grantToken)) {
            throw new InvalidMailboxRequestException("recovery expired: ask for a new code");
        }
        mailboxes.changeWebPassword(normalized, newPassword);
        codes.dropGrant("grant:" + normalized);
        LOG.info(() -> "web password of " + normalized + " reset through password recovery");
        contacts.announce(normalized, "Password web reimpostata / Web password reset",
                "La password web di " + normalized + " è stata reimpostata con un codice inviato a questo indirizzo"
                        + " (" + now + " UTC). Se non sei stato tu, contatta subito l'assistenza."
                        + "\n\nThe web password of " + normalized + " was reset with a code sent to this address ("
                        + now + " UTC). If it was not you, contact support at once.\n",
                "web-password-recovery/" + now.toEpochMilli());
    }

    /** Sends a code to {@code newEmail}; the reference e-mail changes only once it is confirmed. */
    public CodeRequest requestReferenceChange(String address, String newEmail) throws MailboxException {
        String normalized = normalize(address);
        String email = HolderContacts.normalizeEmail(newEmail);
        mailboxes.getMailbox(normalized); // exists
        OneTimeCodes.Issue issue = codes.issue(referenceKey(normalized, email));
        if (issue.code().isEmpty()) {
            return new CodeRequest(false, issue.retryAfter());
        }
        if (!contacts.sendCode(email, "Conferma e-mail di riferimento / Confirm reference e-mail",
                "Codice per usare questo indirizzo come e-mail di riferimento di " + normalized + ": "
                        + issue.code().get() + "\nValido 15 minuti.\n\nCode to use this address as the reference e-mail of "
                        + normalized + ": " + issue.code().get() + "\nValid for 15 minutes.\n")) {
            throw new InvalidMailboxRequestException("the code could not be sent to " + email);
        }
        return new CodeRequest(true, Duration.ZERO);
    }

    /** @return whether the code was right and the reference e-mail changed */
    public boolean confirmReferenceChange(String address, String newEmail, String code) throws MailboxException {
        String normalized = normalize(address);
        String email = HolderContacts.normalizeEmail(newEmail);
        if (!codes.redeem(referenceKey(normalized, email), code)) {
            return false;
        }
        String old = mailboxes.getMailbox(normalized).referenceEmail();
        contacts.changeReferenceEmail(normalized, email);
        LOG.info(() -> "reference e-mail of " + normalized + " changed from " + old + " to " + email);
        if (old != null) {
            // the old address learns of the change too: the new one could be an intruder's
            contacts.sendCode(old, "E-mail di riferimento cambiata / Reference e-mail changed",
                    "L'e-mail di riferimento di " + normalized + " ora è " + email + ".\n\nThe reference e-mail of "
                            + normalized + " is now " + email + ".\n");
        }
        return true;
    }

    private static String referenceKey(String address, String email) {
        return "reference:" + address + ":" + email;
    }

    private static String normalize(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }
}
