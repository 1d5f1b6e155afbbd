package it.certmail.pec.web.console;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import it.certmail.pec.access.service.AccessSettings;
import it.certmail.pec.batch.scheduler.JobRunRecorder;
import it.certmail.pec.batch.scheduler.JobRunner;
import it.certmail.pec.billing.service.BillingService;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.LifecycleView;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.service.TransportSettings;
import it.certmail.pec.transport.service.WorkQueueService;
import it.certmail.pec.web.console.ConsoleViews.Dashboard;
import it.certmail.pec.web.console.ConsoleViews.HealthRow;
import it.certmail.pec.web.console.ConsoleViews.JobRow;
import it.certmail.pec.web.console.ConsoleViews.MailboxDetail;
import it.certmail.pec.web.console.ConsoleViews.MailboxRow;
import it.certmail.pec.web.console.ConsoleViews.PlanChoice;
import it.certmail.pec.web.health.DatabaseReadiness;
import it.certmail.pec.web.shared.WebFormats;

/**
 * The console's one way into the application: the same services the admin REST resources call, answered as
 * {@link ConsoleViews} DTOs. Page beans never see entities, the persistence layer or a service directly.
 */
@ApplicationScoped
public class ConsoleFacade {

    /** A listener that does not accept a local connection in this time counts as down. */
    private static final int PROBE_TIMEOUT_MILLIS = 500;

    @Inject
    MailboxService mailboxes;

    @Inject
    LifecycleService lifecycle;

    @Inject
    BillingService billing;

    @Inject
    PecLog log;

    @Inject
    WorkQueueService work;

    @Inject
    JobRunner jobs;

    @Inject
    JobRunRecorder runs;

    @Inject
    @Readiness // the health check's own qualifier
    DatabaseReadiness database;

    @Inject
    TransportSettings transport;

    @Inject
    AccessSettings access;

    @Inject
    Clock clock;

    @Inject
    ProviderKeys keys;

    /**
     * @param kindLabels the chart's series names in the page language
     */
    public Dashboard dashboard(Map<HourlyActivity.Kind, String> kindLabels) {
        List<HealthRow> health = new ArrayList<>();
        HealthCheckResponse db = database.call();
        health.add(new HealthRow("dashboard.part.database", db.getStatus() == HealthCheckResponse.Status.UP,
                db.getData().map(d -> String.valueOf(d.getOrDefault("product", d.getOrDefault("error", ""))))
                        .orElse("")));
        health.add(listener("dashboard.part.smtpSubmission", transport.bindAddress(), transport.submissionPort()));
        health.add(listener("dashboard.part.smtpStarttls", transport.bindAddress(), transport.startTlsPort()));
        health.add(listener("dashboard.part.smtpInbound", transport.bindAddress(), transport.inboundPort()));
        health.add(listener("dashboard.part.imap", access.bindAddress(), access.imapPort()));
        health.add(listener("dashboard.part.pop3", access.bindAddress(), access.pop3Port()));

        List<Instant> hours = HourlyActivity.hourStarts(clock.instant());
        List<Map<LogEventType, Long>> counts = new ArrayList<>();
        long total = 0;
        for (Instant hour : hours) {
            Map<LogEventType, Long> c = log.countByEvent(hour, hour.plus(1, ChronoUnit.HOURS));
            counts.add(c);
            total += c.values().stream().mapToLong(Long::longValue).sum();
        }
        String chart = HourlyActivity.chartJson(hours, counts, kindLabels, WebFormats.ROME);

        List<JobRow> jobRows = jobs.jobs().stream().map(job -> runs.last(job.name())
                .map(r -> new JobRow(job.name(), job.description(), job.schedule().describe(), r.getStatus().name(),
                        r.getStartedAt(), r.getFinishedAt(), r.getProcessed(), r.getErrors()))
                .orElseGet(() -> new JobRow(job.name(), job.description(), job.schedule().describe(), null, null, null,
                        null, null)))
                .sorted(java.util.Comparator.comparing(JobRow::name)).toList();
        Instant now = clock.instant();
        List<ConsoleViews.CertificateRow> certificates = List.of(
                ConsoleViews.CertificateRow.of("dashboard.cert.signing", keys.material().signing().certificate(), now),
                ConsoleViews.CertificateRow.of("dashboard.cert.tls", keys.material().tls().certificate(), now),
                ConsoleViews.CertificateRow.of("dashboard.cert.ca", keys.caCertificate(), now));
        return new Dashboard(health, chart, total, work.held().size(), jobRows, certificates);
    }

    /** Whether something accepts TCP connections on the port, asked from this node as a client would. */
    private static HealthRow listener(String nameKey, String bindAddress, int port) {
        String host = bindAddress == null || bindAddress.isBlank() || bindAddress.equals("0.0.0.0")
                || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
            return new HealthRow(nameKey, true, host + ":" + port);
        } catch (IOException e) {
            return new HealthRow(nameKey, false, host + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    public List<MailboxRow> searchMailboxes(String query, String after, int limit) {
        return mailboxes.searchMailboxes(query, after, limit).stream()
                .map(l -> new MailboxRow(l.address(), l.holderName(), l.status().name(), l.plan(), l.createdAt(),
                        l.expiresAt()))
                .toList();
    }

    public MailboxDetail mailbox(String address) throws MailboxException {
        MailboxInfo m = mailboxes.getMailbox(address);
        LifecycleView l = lifecycle.view(m.address()).orElse(null);
        Function<Function<LifecycleView, Object>, Object> life = f -> l == null ? null : f.apply(l);
        return new MailboxDetail(m.address(), m.holderName(), m.referenceEmail(), m.status().name(), m.plan(),
                (String) life.apply(LifecycleView::phase), m.createdAt(),
                l == null ? m.createdAt() : l.activatedAt(), m.expiresAt(), m.usedBytes(), m.quotaBytes(),
                m.acceptOrdinaryMail(), m.blockNonPecRecipients(), m.clientPasswordSet(), m.clientPasswordSetAt(),
                (String) life.apply(LifecycleView::nextStep), (Instant) life.apply(LifecycleView::nextStepAt));
    }

    /** @return the address as stored */
    public String createMailbox(String address, String webPassword, String holderName, String referenceEmail,
            String plan) throws MailboxException {
        return mailboxes.createMailbox(address, webPassword, holderName, referenceEmail,
                plan == null || plan.isBlank() ? null : plan).address();
    }

    /**
     * Changes the mailbox's options and, when it differs, its status (the service refuses a transition the status
     * table does not allow).
     */
    public MailboxDetail updateMailbox(String address, boolean acceptOrdinaryMail, boolean blockNonPecRecipients,
            String status) throws MailboxException {
        MailboxInfo current = mailboxes.getMailbox(address);
        MailboxStatus wanted = status == null || status.equals(current.status().name()) ? null
                : MailboxStatus.valueOf(status);
        mailboxes.patch(address, acceptOrdinaryMail, blockNonPecRecipients, wanted);
        return mailbox(address);
    }

    /** The statuses an operator can choose on the mailbox page. */
    public static List<String> statuses() {
        return java.util.Arrays.stream(MailboxStatus.values()).map(Enum::name).toList();
    }

    /** A new client password, in clear, to be shown once. */
    public String newClientPassword(String address) throws MailboxException {
        return mailboxes.generateClientPassword(address);
    }

    public List<String> domains() {
        return mailboxes.domains();
    }

    public String createDomain(String name) throws MailboxException {
        return mailboxes.createDomain(name);
    }

    public List<PlanChoice> plans() {
        return billing.catalog().plans().stream().map(p -> new PlanChoice(p.code(), p.name())).toList();
    }

    /** Series labels, resolved by the caller's page language. */
    public static Map<HourlyActivity.Kind, String> labels(Function<String, String> text) {
        Map<HourlyActivity.Kind, String> labels = new EnumMap<>(HourlyActivity.Kind.class);
        for (HourlyActivity.Kind k : HourlyActivity.Kind.values()) {
            labels.put(k, text.apply(k.messageKey));
        }
        return labels;
    }
}
