package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.infra.AllOrNothing;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.receipts.service.VerificationService;
import it.certmail.pec.transport.domain.InboundEnvelope;
import it.certmail.pec.transport.domain.SmtpReply;

/**
 * The SMTP side of the punto di ricezione: classifies what arrives, refuses in SMTP the ordinary mail no
 * recipient accepts (550), and queues the rest for {@link ReceptionService}. The 250 is given only after the
 * message and its work item are committed. A copy already taken charge of for a recipient (the sender sent it
 * again) is answered the same way and queues nothing for that recipient ({@link ReceptionLedger}).
 */
@Stateless
@Interceptors(AllOrNothing.class)
public class ReceptionIntakeService {

    private static final Logger LOG = Logger.getLogger(ReceptionIntakeService.class.getName());

    /** A provider retries for at most 24 hours (RFC 6109 §2.2.2); a week covers clocks and late peers. */
    static final java.time.Duration LEDGER_RETENTION = java.time.Duration.ofDays(7);

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    Dispatcher dispatcher;

    @Inject
    VerificationService verification;

    @Inject
    MailboxService mailboxes;

    @Inject
    PecLog log;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    public SmtpReply receive(InboundEnvelope envelope, InputStream data) throws IOException {
        Instant now = clock.instant();
        // spooled first (a temporary file when large): checked from there, stored once
        try (Spool raw = Spool.copyOf(data)) {
            return receive(envelope, raw, now);
        }
    }

    private SmtpReply receive(InboundEnvelope envelope, Spool raw, Instant now) {
        BlobRef blob = dispatcher.store(raw);
        try {
            PecVerdict verdict = verification.verify(raw);
            List<String> rcpts = envelope.recipients().stream().map(r -> r.toLowerCase(Locale.ROOT)).toList();
            if (!verdict.parsable()) {
                return SmtpReply.permanent("5.6.0 not an RFC 5322 message");
            }
            if (verdict.category() == PecVerdict.Category.ORDINARY && rcpts.stream().noneMatch(this::acceptsOrdinaryMail)) {
                log.record(new LogEvent(LogEventType.RIFIUTO, now, null, null, envelope.mailFrom(), rcpts,
                        verdict.subject(), List.of(), null, "ordinary mail refused in SMTP from " + envelope.client()));
                return SmtpReply.mailboxUnavailable("5.7.1 questa casella di posta certificata non accetta posta ordinaria");
            }
            List<String> fresh = new ReceptionLedger(dataSource).recordNew(blob.sha256(), rcpts, now);
            if (fresh.isEmpty()) {
                LOG.info(() -> "copy received again from " + envelope.client().getHostAddress() + " (" + blob.sha256()
                        + " for " + rcpts + "): already taken charge of, nothing filed");
                return SmtpReply.ok("Ok: preso in carico");
            }
            dispatcher.queueForReception(blob, envelope.mailFrom(), fresh, envelope.client().getHostAddress(),
                    envelope.tls(), now);
            return SmtpReply.ok("Ok: preso in carico");
        } finally {
            dispatcher.blobs().release(blob.id());
        }
    }

    /** Forgets the copies taken charge of more than {@link #LEDGER_RETENTION} ago; returns how many entries went. */
    public int forgetOldReceptions() {
        return new ReceptionLedger(dataSource).forgetBefore(clock.instant().minus(LEDGER_RETENTION));
    }

    /** RCPT TO: only our own domains (we are nobody's open relay). */
    public SmtpReply checkRecipient(String recipient) {
        return dispatcher.isLocalDomain(Dispatcher.domainOf(recipient)) ? new SmtpReply(250, "2.1.5 Ok")
                : SmtpReply.mailboxUnavailable("5.7.1 relay not permitted: " + recipient + " is not in our domains");
    }

    private boolean acceptsOrdinaryMail(String rcpt) {
        Optional<MailboxInfo> m = mailboxes.findMailbox(rcpt);
        return m.isPresent() && m.get().acceptOrdinaryMail() && m.get().status().canReceive();
    }
}
