package it.certmail.pec.transport.service;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.service.DataDiskSpace;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.domain.InboundHandler;
import it.certmail.pec.transport.domain.RecipientPolicy;
import it.certmail.pec.transport.domain.StorageAdmission;
import it.certmail.pec.transport.domain.SubmissionHandler;
import it.certmail.pec.transport.infra.smtp.InboundSmtpServer;
import it.certmail.pec.transport.infra.smtp.SmtpServerSettings;
import it.certmail.pec.transport.infra.smtp.TransactionDeadline;
import it.certmail.pec.transport.infra.smtp.SubmissionSmtpServer;

/**
 * Starts the SMTP listeners of the access point (implicit TLS and STARTTLS, AUTH required) and of the reception
 * point (STARTTLS offered). The listeners are adapters; every decision is taken by the services they call.
 */
@Singleton
public class SmtpEndpoints {

    private static final Logger LOG = Logger.getLogger(SmtpEndpoints.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    TransportSettings transport;

    @Inject
    PlatformSettings settings;

    @Inject
    ProviderKeys keys;

    @EJB
    MailboxService mailboxes;

    @EJB
    AccessPointService accessPoint;

    @Inject
    ReceptionIntakeService intake;

    @Inject
    DataDiskSpace disk;

    @Inject
    Clock clock;

    private SubmissionSmtpServer submission;
    private InboundSmtpServer inbound;

    /** Called once by {@code StartupTasks}, after the schema, the keys and the service mailbox are in place. */
    public void start() {
        try {
            SSLContext tls = TlsContexts.server(keys.material().tls());
            SmtpServerSettings base = SmtpServerSettings.defaults(settings.domain())
                    .withBindAddress(InetAddress.getByName(transport.bindAddress()));
            // below pec.storage.min-free-mb free, new mail is refused with 452 4.3.1 (and nothing is read)
            SubmissionHandler submit = StorageAdmission.guardSubmissions(accessPoint::submit, disk::hasRoom);
            RecipientPolicy recipients = StorageAdmission.guardRecipients(
                    (from, rcpt, client) -> intake.checkRecipient(rcpt), disk::hasRoom);
            InboundHandler receive = StorageAdmission.guardReceptions(intake::receive, disk::hasRoom);
            submission = new SubmissionSmtpServer(base.withPreAuthDeadline(transport.preAuthTimeout()),
                    transport.submissionPort(), transport.startTlsPort(), tls,
                    (user, password, from) -> mailboxes.authenticateClient(user, password)
                            .map(m -> m.status().canLogin()).orElse(false),
                    submit, threads, clock);
            TransactionDeadline deadline = new TransactionDeadline(transport.receptionCommandTimeout(),
                    transport.receptionMinDataRate(), transport.receptionStressTimeout(),
                    TransactionDeadline.stressFrom(base.maxConnections()));
            inbound = new InboundSmtpServer(base, deadline, transport.inboundPort(), tls, recipients, receive, threads,
                    clock);
            Antivirus.warnIfDisabled(transport);
            // the guard's bean is made here, in the application's context: made lazily on an SMTP session's thread,
            // Payara Server (the EAR) left its injected fields empty and every submission failed
            LOG.info(() -> "data disk: " + disk.freeBytes() / (1024 * 1024) + " MB free, new mail "
                    + (disk.hasRoom() ? "taken" : "refused until space returns"));
            submission.start();
            inbound.start();
            LOG.info(() -> "SMTP submission on " + submission.implicitTlsPort() + " (TLS) and "
                    + submission.startTlsPort() + " (STARTTLS), reception on " + inbound.port());
        } catch (GeneralSecurityException | UnknownHostException e) {
            throw new IllegalStateException("cannot start the SMTP listeners", e);
        }
    }

    /** Failed SMTP AUTH attempts on this node since the listeners started (0 before). */
    public long failedSubmissionLogins() {
        SubmissionSmtpServer s = submission;
        return s == null ? 0 : s.failedLoginsTotal();
    }

    @PreDestroy
    void stop() {
        if (submission != null) {
            submission.stop();
        }
        if (inbound != null) {
            inbound.stop();
        }
    }
}
