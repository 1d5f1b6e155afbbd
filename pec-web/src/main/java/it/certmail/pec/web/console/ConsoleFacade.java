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
import jakarta.servlet.http.HttpServletRequest;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import it.certmail.pec.access.service.AccessSettings;
import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerIdentity;
import it.certmail.pec.jobs.service.Jobs;
import it.certmail.pec.jobs.service.ScheduledJob;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.domain.MailboxCsv;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.LifecycleView;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxSearch;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.operator.domain.Actor;
import it.certmail.pec.operator.domain.AuditQuery;
import it.certmail.pec.operator.domain.AuditValues;
import it.certmail.pec.operator.domain.OperatorRequestException;
import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.model.OperatorRole;
import it.certmail.pec.operator.service.AuditTrail;
import it.certmail.pec.operator.service.OperatorAccounts;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.service.TransportSettings;
import it.certmail.pec.transport.service.WorkQueueService;
import it.certmail.pec.web.shared.AuditFacts;
import it.certmail.pec.web.console.ConsoleViews.AuditRow;
import it.certmail.pec.web.console.ConsoleViews.Dashboard;
import it.certmail.pec.web.console.ConsoleViews.HealthRow;
import it.certmail.pec.web.console.ConsoleViews.JobRow;
import it.certmail.pec.web.console.ConsoleViews.MailboxDetail;
import it.certmail.pec.web.console.ConsoleViews.MailboxRow;
import it.certmail.pec.web.console.ConsoleViews.OperatorRow;
import it.certmail.pec.web.console.ConsoleViews.PlanChoice;
import it.certmail.pec.web.health.DatabaseReadiness;
import it.certmail.pec.web.shared.WebFormats;

/**
 * The console's one way into the application: the same services the admin REST resources call, answered as
 * {@link ConsoleViews} DTOs. Page beans never see entities, the persistence layer or a service directly.
 * <p>
 * Also the console's one place for roles and the audit trail: every method first asks {@link #permit} whether the
 * signed-in operator's role may read or change its area (NotAllowedException if not, whatever the page showed), and
 * every method that changes something records it in the {@link AuditTrail} once the change is made.
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
    Jobs jobs;

    @Inject
    Jobs runs;

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

    @Inject
    OperatorSession operator;

    @Inject
    HttpServletRequest request;

    @Inject
    AuditTrail audit;

    @Inject
    OperatorAccounts accounts;

    /**
     * The signed-in operator, if their role allows this; the check every facade method starts with.
     *
     * @throws it.certmail.pec.operator.domain.NotAllowedException otherwise
     */
    Actor permit(Area area, boolean change) {
        return operator.actor(request.getRemoteAddr(), area, change);
    }

    /**
     * @param kindLabels the chart's series names in the page language
     */
    public Dashboard dashboard(Map<HourlyActivity.Kind, String> kindLabels) {
        permit(Area.DASHBOARD, false);
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
        health.add(new HealthRow("dashboard.part.quartz", scheduler.isStarted(),
                scheduler.isStarted() ? scheduler.instanceId() : ""));
        health.add(antivirus.clamdAnswers().map(up -> new HealthRow("dashboard.part.clamd", up,
                        transport.clamd().orElse("")))
                .orElseGet(() -> new HealthRow("dashboard.part.clamd", false, "pec.antivirus.clamd not set")));

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

    /**
     * The list page: filtered by status and plan (blank: any), sorted ({@link MailboxSearch.Sort} name), keyset-paged
     * after {@code after} (null: the first page).
     */
    public List<MailboxRow> searchMailboxes(String query, String status, String plan, String sort,
            MailboxSearch.Cursor after, int limit) {
        permit(Area.MAILBOXES, false);
        MailboxStatus wanted = status == null || status.isBlank() ? null : MailboxStatus.valueOf(status);
        MailboxSearch.Sort order = sort == null || sort.isBlank() ? null : MailboxSearch.Sort.valueOf(sort);
        return mailboxes.searchMailboxes(new MailboxSearch(query, wanted, plan, order, after, limit)).stream()
                .map(l -> new MailboxRow(l.address(), l.holderName(), l.status().name(), l.plan(), l.createdAt(),
                        l.expiresAt()))
                .toList();
    }

    public MailboxDetail mailbox(String address) throws MailboxException {
        permit(Area.MAILBOXES, false);
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
        Actor actor = permit(Area.MAILBOXES, true);
        MailboxInfo created = mailboxes.createMailbox(address, webPassword, holderName, referenceEmail,
                plan == null || plan.isBlank() ? null : plan);
        audit.record(actor, "mailbox.create", created.address(), null, AuditValues.of(AuditFacts.mailbox(created)));
        return created.address();
    }

    /**
     * Creates the mailboxes of an uploaded CSV file ({@link MailboxCsv}), each as {@link #createMailbox} does (checked
     * and audited one by one); a line that fails does not stop the others.
     *
     * @return one result per line of the file that named a mailbox or had a problem, in line order
     */
    public List<ConsoleViews.CsvRowResult> createMailboxes(String csvText) {
        permit(Area.MAILBOXES, true);
        MailboxCsv.Parsed parsed = MailboxCsv.parse(csvText);
        List<ConsoleViews.CsvRowResult> results = new ArrayList<>();
        parsed.problems().forEach(p -> results.add(new ConsoleViews.CsvRowResult(p.line(), null, false, p.message())));
        for (MailboxCsv.Row row : parsed.rows()) {
            try {
                String created = createMailbox(row.address(), row.webPassword(), row.holderName(),
                        row.referenceEmail(), row.plan());
                results.add(new ConsoleViews.CsvRowResult(row.line(), created, true, null));
            } catch (MailboxException e) {
                results.add(new ConsoleViews.CsvRowResult(row.line(), row.address(), false, e.getMessage()));
            }
        }
        results.sort(java.util.Comparator.comparingInt(ConsoleViews.CsvRowResult::line));
        return results;
    }

    /** What the audit trail says about a mailbox before and after a change. */
    /**
     * Changes the mailbox's options and, when it differs, its status (the service refuses a transition the status
     * table does not allow).
     */
    public MailboxDetail updateMailbox(String address, boolean acceptOrdinaryMail, boolean blockNonPecRecipients,
            String status) throws MailboxException {
        Actor actor = permit(Area.MAILBOXES, true);
        MailboxInfo current = mailboxes.getMailbox(address);
        MailboxStatus wanted = status == null || status.equals(current.status().name()) ? null
                : MailboxStatus.valueOf(status);
        mailboxes.patch(address, acceptOrdinaryMail, blockNonPecRecipients, wanted);
        MailboxInfo changed = mailboxes.getMailbox(address);
        audit.record(actor, wanted == null ? "mailbox.options" : "mailbox.status", changed.address(),
                AuditValues.of(AuditFacts.mailbox(current)), AuditValues.of(AuditFacts.mailbox(changed)));
        return mailbox(address);
    }

    /**
     * Suspends ({@code DISABLED}), revokes ({@code CLOSED}, final) or reactivates ({@code ACTIVE}) a mailbox, as the
     * buttons of the mailbox page ask; the status table of the service refuses a transition it does not allow.
     */
    public MailboxDetail changeStatus(String address, MailboxStatus status) throws MailboxException {
        Actor actor = permit(Area.MAILBOXES, true);
        MailboxInfo before = mailboxes.getMailbox(address);
        mailboxes.patch(address, null, null, status);
        String action = switch (status) {
            case DISABLED -> "mailbox.suspend";
            case CLOSED -> "mailbox.revoke";
            case ACTIVE -> "mailbox.reactivate";
            default -> "mailbox.status";
        };
        audit.record(actor, action, before.address(), "status=" + before.status(), "status=" + status);
        return mailbox(address);
    }

    /** Renewal, add-ons, orders and invoices of a mailbox, through the billing services the admin API uses. */
    public ConsoleViews.MailboxAccount mailboxAccount(String address) {
        permit(Area.MAILBOXES, false);
        Map<Long, String> invoiceNumbers = new java.util.HashMap<>();
        billing.invoices(address).forEach(i -> invoiceNumbers.put(i.getOrderId(), i.getNumber()));
        List<ConsoleViews.OrderRow> orders = billing.orders(address).stream()
                .map(o -> new ConsoleViews.OrderRow(o.getId(), o.getCreatedAt(), o.getKind().name(), o.getDescription(),
                        o.getTotalCents(), invoiceNumbers.get(o.getId())))
                .toList();
        return lifecycle.view(address)
                .map(l -> new ConsoleViews.MailboxAccount(true, l.autoRenew(), l.termYears(), l.paymentMethod(),
                        l.addOns(), orders))
                .orElseGet(() -> new ConsoleViews.MailboxAccount(false, false, 0, false, List.of(), orders));
    }

    /** The statuses an operator can choose on the mailbox page. */
    public static List<String> statuses() {
        return java.util.Arrays.stream(MailboxStatus.values()).map(Enum::name).toList();
    }

    /** A new client password, in clear, to be shown once. */
    public String newClientPassword(String address) throws MailboxException {
        Actor actor = permit(Area.MAILBOXES, true);
        String password = mailboxes.generateClientPassword(address);
        // the password itself never goes into the trail: only that one was issued
        audit.record(actor, "mailbox.clientPassword", address, null, "new client password issued");
        return password;
    }

    public List<String> domains() {
        permit(Area.DOMAINS, false);
        return mailboxes.domains();
    }

    public String createDomain(String name) throws MailboxException {
        Actor actor = permit(Area.DOMAINS, true);
        String created = mailboxes.createDomain(name);
        audit.record(actor, "domain.create", created, null, created);
        return created;
    }

    public List<OperatorRow> operators() {
        permit(Area.OPERATORS, false);
        return accounts.list().stream().map(o -> new OperatorRow(o.user(), o.role().code(), o.disabled(),
                o.totpEnrolled(), o.createdAt(), o.createdBy())).toList();
    }

    /** @return the new operator's user name as stored */
    public String createOperator(String user, String role, String password) throws OperatorRequestException {
        Actor actor = permit(Area.OPERATORS, true);
        OperatorRole r = role(role);
        String created = accounts.create(user, r, password, actor.user());
        audit.record(actor, "operator.create", created, null, "role=" + r.code());
        return created;
    }

    public void setOperatorDisabled(String user, boolean disabled) throws OperatorRequestException {
        Actor actor = permit(Area.OPERATORS, true);
        accounts.setDisabled(user, disabled);
        audit.record(actor, disabled ? "operator.disable" : "operator.enable", user, "disabled=" + !disabled,
                "disabled=" + disabled);
    }

    public void changeOperatorRole(String user, String role) throws OperatorRequestException {
        Actor actor = permit(Area.OPERATORS, true);
        OperatorRole r = role(role);
        OperatorRole before = accounts.changeRole(user, r);
        audit.record(actor, "operator.role", user, "role=" + before.code(), "role=" + r.code());
    }

    private static OperatorRole role(String code) throws OperatorRequestException {
        try {
            return OperatorRole.ofCode(code == null ? "" : code);
        } catch (IllegalArgumentException e) {
            throw new OperatorRequestException("role: one of admin, operator, auditor");
        }
    }

    /** The operator enrols a new second factor at their next sign-in (a lost phone). */
    /**
     * The signed-in operator's own new password (every role may change its own). Neither password goes to the audit
     * trail, only that it changed.
     *
     * @return false when {@code current} is wrong
     */
    public boolean changeOwnPassword(String current, String next) throws OperatorRequestException {
        Actor actor = permit(Area.DASHBOARD, false);
        boolean changed = accounts.changeOwnPassword(actor.user(), current, next);
        if (changed) {
            audit.record(actor, "operator.password.change", actor.user(), null, null);
        }
        return changed;
    }

    public void setOperatorPassword(String user, String password) throws OperatorRequestException {
        Actor actor = permit(Area.OPERATORS, true);
        accounts.setPassword(user, password);
        audit.record(actor, "operator.password.set", user, null, null);
    }

    public void resetOperatorTotp(String user) throws OperatorRequestException {
        Actor actor = permit(Area.OPERATORS, true);
        accounts.resetTotp(user);
        audit.record(actor, "operator.resetTotp", user, null, null);
    }

    /** The audit trail, newest first. */
    public List<AuditRow> auditTrail(AuditQuery query) {
        permit(Area.AUDIT, false);
        return audit.search(query).stream().map(r -> new AuditRow(r.getId(), r.getRecordedAt(), r.getActor(),
                r.getActorRole(), r.getAddress(), r.getChannel(), r.getAction(), r.getTarget(), r.getBeforeValue(),
                r.getAfterValue())).toList();
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

    // ---------------------------------------------------------------------------------------------------------------
    // console-trace: message trace, queues, jobs, providers' index, plans and discount codes, verify, metrics.
    // Every change goes through one method marked "CHANGES STATE": it checks the role and records the change.
    // ---------------------------------------------------------------------------------------------------------------

    @Inject
    it.certmail.pec.log.service.MessageTraceService trace;

    @Inject
    it.certmail.pec.transport.service.QuarantineService quarantine;

    @Inject
    it.certmail.pec.transport.service.TimeoutNotices timeoutNotices;

    @Inject
    Jobs scheduler;

    @Inject
    it.certmail.pec.index.service.ProviderIndexService providerIndex;

    @Inject
    it.certmail.pec.index.service.PeerSignatureProfileService peerProfiles;

    @Inject
    it.certmail.pec.receipts.service.VerificationService verification;

    @Inject
    it.certmail.pec.web.metrics.PecMetrics metrics;

    @Inject
    it.certmail.pec.transport.service.Antivirus antivirus;

    @jakarta.annotation.Resource
    jakarta.enterprise.concurrent.ManagedExecutorService executor;

    /** How many rows the CSV export writes at most: a bound on one download, far above a day of traffic. */
    public static final int EXPORT_MAX_ROWS = 1_000_000;
    private static final int EXPORT_PAGE = it.certmail.pec.log.domain.LogSearch.MAX_LIMIT;

    /**
     * One page of the log, newest first.
     *
     * @throws IllegalArgumentException for an unknown event type or a range that ends before it starts
     */
    public List<MonitoringViews.LogRow> searchLog(it.certmail.pec.log.domain.LogSearch search) {
        permit(Area.LOG, false);
        return trace.search(search).stream().map(ConsoleFacade::logRow).toList();
    }

    /** Every row of the search, page after page (by key), to {@code sink}, up to {@link #EXPORT_MAX_ROWS}. */
    public long exportLog(it.certmail.pec.log.domain.LogSearch search,
            java.util.function.Consumer<MonitoringViews.LogRow> sink) {
        it.certmail.pec.log.domain.LogSearch page = new it.certmail.pec.log.domain.LogSearch(search.msgid(),
                search.clientMsgid(), search.sender(), search.recipient(), search.event(), search.from(), search.to(),
                null, null, EXPORT_PAGE);
        long written = 0;
        while (written < EXPORT_MAX_ROWS) {
            List<MonitoringViews.LogRow> rows = searchLog(page);
            rows.forEach(sink);
            written += rows.size();
            if (rows.size() < EXPORT_PAGE) {
                break;
            }
            MonitoringViews.LogRow last = rows.get(rows.size() - 1);
            page = page.after(last.time(), last.id());
        }
        return written;
    }

    private static MonitoringViews.LogRow logRow(it.certmail.pec.log.model.LogEntry e) {
        return new MonitoringViews.LogRow(e.getId(), e.getEventTime(), e.getEventType().name(), e.getMsgid(),
                e.getClientMsgid(), e.getSender(), e.getRecipients(), e.getSubject(), e.getGeneratedIds(),
                e.getSendingProvider(), e.getDetail());
    }

    /** The trace of one transmission (by its PEC msgid). */
    public MonitoringViews.TransmissionTrace transmission(String msgid) {
        permit(Area.LOG, false);
        it.certmail.pec.log.domain.TraceTimeline.Trace t = trace.trace(msgid);
        java.util.function.Function<it.certmail.pec.log.domain.TraceTimeline.Step, MonitoringViews.TraceStep> step =
                s -> new MonitoringViews.TraceStep(s.event().time(), s.event().type(),
                        String.join(" ", s.event().recipients()), s.event().sendingProvider(), s.event().detail(),
                        s.receipts().stream().map(ConsoleFacade::receiptLink).toList());
        List<it.certmail.pec.log.model.LogEntry> first = trace.search(new it.certmail.pec.log.domain.LogSearch(
                t.msgid(), null, null, null, null, null, null, null, null, 1));
        String sender = first.isEmpty() ? null : first.get(0).getSender();
        String subject = first.isEmpty() ? null : first.get(0).getSubject();
        return new MonitoringViews.TransmissionTrace(t.msgid(), sender, subject,
                t.recipients().stream().map(r -> new MonitoringViews.RecipientTimeline(r.recipient(),
                        r.steps().stream().map(step).toList())).toList(),
                t.transmission().stream().map(step).toList(),
                t.unmatched().stream().map(ConsoleFacade::receiptLink).toList());
    }

    private static MonitoringViews.ReceiptLink receiptLink(it.certmail.pec.log.domain.TraceTimeline.FiledReceipt r) {
        return new MonitoringViews.ReceiptLink(r.storedMessageId(), r.mailbox(), r.kind(), r.messageId(), r.subject(),
                r.sizeBytes(), r.filedAt());
    }

    /** The stored bytes of a receipt of that transmission; empty when it is not one of its receipts. */
    public java.util.Optional<java.io.InputStream> openReceipt(String msgid, long storedMessageId) {
        permit(Area.LOG, false);
        return trace.openReceipt(msgid, storedMessageId);
    }

    /** Pending and held work, and the figures of the queues. */
    public List<MonitoringViews.WorkRow> pendingWork(int limit) {
        permit(Area.QUEUES, false);
        List<MonitoringViews.WorkRow> rows = new java.util.ArrayList<>();
        work.pending(limit).stream().map(ConsoleFacade::workRow).forEach(rows::add);
        work.relayPending(limit).stream().map(ConsoleFacade::workRow).forEach(rows::add);
        rows.sort(java.util.Comparator.comparing(MonitoringViews.WorkRow::createdAt));
        return rows.size() > limit ? List.copyOf(rows.subList(0, limit)) : rows;
    }

    /** Held work: the reception's work items and the relay's recipients. */
    public List<MonitoringViews.WorkRow> heldWork() {
        permit(Area.QUEUES, false);
        List<MonitoringViews.WorkRow> rows = new java.util.ArrayList<>();
        work.held().stream().map(ConsoleFacade::workRow).forEach(rows::add);
        work.relayHeld().stream().map(ConsoleFacade::workRow).forEach(rows::add);
        return rows;
    }

    /** A recipient's delivery row waiting for (or held by) the relay, as the queue page shows work. */
    private static MonitoringViews.WorkRow workRow(it.certmail.pec.transport.model.Delivery d) {
        return new MonitoringViews.WorkRow(d.getId(), MonitoringViews.WorkRow.RELAY, d.getStatus().name(),
                d.getMailFrom(), d.getRecipient(), d.getDomain(), d.getAttempts(), d.getDispatchedAt(),
                d.getNextAttemptAt(), d.getLastError());
    }

    private static MonitoringViews.WorkRow workRow(it.certmail.pec.transport.model.WorkItem w) {
        return new MonitoringViews.WorkRow(w.getId(), w.getQueue().name(), w.getState().name(), w.getMailFrom(),
                String.join(" ", w.getRecipients()), w.getTarget(), w.getAttempts(), w.getCreatedAt(),
                w.getNextAttemptAt(), w.getLastError());
    }

    /** The recipients whose timeout notice is held, the next to be tried first. */
    public List<MonitoringViews.HeldNoticeRow> heldTimeoutNotices(int limit) {
        permit(Area.QUEUES, false);
        return timeoutNotices.heldTimeoutNoticeList(limit).stream().map(r -> new MonitoringViews.HeldNoticeRow(
                r.getId(), r.getTransmission().getPecMsgid(), r.getTransmission().getSender(), r.getRecipient(),
                r.getNoticeFailures(), r.getNextCheckAt(), r.getNoticeError())).toList();
    }

    /** CHANGES STATE: a held timeout notice is tried again by the next run of the timeouts job. */
    public boolean retryTimeoutNotice(long trackingId) {
        Actor actor = permit(Area.QUEUES, true);
        boolean retried = timeoutNotices.retryHeldTimeoutNotice(trackingId);
        if (retried) {
            audit.record(actor, "notice.retry", "recipient tracking " + trackingId, "notice held", "retry now");
        }
        return retried;
    }

    /** CHANGES STATE: a held work item goes back to its queue. False when it is not held (any more). */
    public boolean requeueWork(String queue, long id) {
        Actor actor = permit(Area.QUEUES, true);
        if (MonitoringViews.WorkRow.RELAY.equals(queue)) {
            boolean requeued = work.requeueDelivery(id);
            if (requeued) {
                audit.record(actor, "delivery.requeue", "delivery " + id, "status=HELD", "status=QUEUED");
            }
            return requeued;
        }
        boolean requeued = work.requeue(id);
        if (requeued) {
            audit.record(actor, "work.requeue", "work " + id, "state=HELD", "state=QUEUED");
        }
        return requeued;
    }

    public MonitoringViews.QueueSummary queueSummary() {
        permit(Area.QUEUES, false);
        it.certmail.pec.transport.service.QueueFigures f = work.figures();
        Instant oldest = f.oldestPendingCreatedAt();
        Instant now = clock.instant();
        return new MonitoringViews.QueueSummary(f.pendingTotal(),
                f.pending().get(it.certmail.pec.transport.model.WorkQueue.RECEPTION).count(),
                f.pending().get(it.certmail.pec.transport.model.WorkQueue.RELAY).count(),
                oldest == null || oldest.isAfter(now) ? java.time.Duration.ZERO
                        : java.time.Duration.between(oldest, now), f.held(), timeoutNotices.heldTimeoutNotices());
    }

    public List<MonitoringViews.QuarantineRow> quarantined(Long beforeId, int limit) {
        permit(Area.QUEUES, false);
        Instant now = clock.instant();
        return quarantine.list(beforeId, limit).stream().map(q -> new MonitoringViews.QuarantineRow(q.getId(),
                q.getDetectedAt(), q.getKeepUntil(), q.getVirus(), q.getOrigin().name(), q.getMsgid(), q.getSender(),
                q.getKeepUntil().isBefore(now))).toList();
    }

    /** The quarantined (infected) bytes, for analysis: admins only, as the operators' accounts are. */
    public java.util.Optional<java.io.InputStream> openQuarantined(long id) {
        Actor actor = permit(Area.OPERATORS, false);
        java.util.Optional<java.io.InputStream> bytes = quarantine.open(id);
        bytes.ifPresent(b -> audit.record(actor, "quarantine.download", "quarantine " + id, null, null));
        return bytes;
    }

    /** CHANGES STATE: deletes the quarantined messages whose retention is over; returns how many. */
    public int purgeExpiredQuarantine() {
        Actor actor = permit(Area.QUEUES, true);
        int total = purgeExpired();
        audit.record(actor, "quarantine.purge", "quarantine", null, "purged=" + total);
        return total;
    }

    private int purgeExpired() {
        int total = 0;
        for (int n; (n = quarantine.purgeExpired()) > 0; ) {
            total += n;
            if (n < it.certmail.pec.transport.service.QuarantineService.PURGE_BATCH) {
                break;
            }
        }
        return total;
    }

    /** Every job with its schedule, next firing, whether it runs on this node now, and its last run. */
    public List<MonitoringViews.JobState> jobStates() {
        permit(Area.JOBS, false);
        return jobs.jobs().stream().sorted(java.util.Comparator.comparing(ScheduledJob::name))
                .map(j -> new MonitoringViews.JobState(j.name(), j.description(), j.schedule().describe(),
                        scheduler.nextFireTime(j.name()).orElse(null), jobs.isRunning(j.name()),
                        runs.last(j.name()).map(ConsoleFacade::runRow).orElse(null)))
                .toList();
    }

    public List<MonitoringViews.JobRunRow> jobRuns(String job, int limit) {
        permit(Area.JOBS, false);
        return runs.recent(job, limit).stream().map(ConsoleFacade::runRow).toList();
    }

    private static MonitoringViews.JobRunRow runRow(it.certmail.pec.jobs.model.JobRun r) {
        return new MonitoringViews.JobRunRow(r.getId(), r.getJobName(), r.getTrigger().code(), r.getStatus().name(),
                r.getProcessed(), r.getErrors(), r.getDetail(), r.getStartedAt(), r.getFinishedAt(), r.getNode());
    }

    /**
     * CHANGES STATE: starts a run of the job now on this node, in the background (the page polls its state).
     *
     * @throws it.certmail.pec.jobs.service.UnknownJobException when there is no such job
     * @throws it.certmail.pec.jobs.service.JobAlreadyRunningException when it runs on this node now
     */
    public void startJob(String name) {
        Actor actor = permit(Area.JOBS, true);
        if (jobs.job(name).isEmpty()) {
            throw new it.certmail.pec.jobs.service.UnknownJobException(name);
        }
        if (jobs.isRunning(name)) {
            throw new it.certmail.pec.jobs.service.JobAlreadyRunningException(name);
        }
        executor.submit(() -> jobs.run(name, it.certmail.pec.jobs.model.JobTrigger.MANUAL));
        audit.record(actor, "job.run", name, null, null);
    }

    /** The providers' index, with each signing certificate's expiry and the signature profile chosen for it. */
    public List<MonitoringViews.ProviderRow> providers() {
        permit(Area.PROVIDERS, false);
        Instant now = clock.instant();
        java.util.Map<PeerIdentity, SignatureProfile> chosen = peerProfiles.chosen();
        SignatureProfile global = peerProfiles.global();
        PeerIdentity own = PeerIdentity.of(providerIndex.ownRecord());
        return providerIndex.all().stream().map(p -> {
            SignatureProfile profile = chosen.get(PeerIdentity.of(p));
            return new MonitoringViews.ProviderRow(p.name(), p.providerUnit(),
                    p.mailReceipt(), p.managedDomains().stream().sorted().toList(),
                    p.certificates().stream().map(c -> certificateInfo(c.der(), now)).toList(),
                    profile == null ? null : profile.code(), (profile == null ? global : profile).code(),
                    PeerIdentity.of(p).equals(own));
        }).toList();
    }

    /** The global signature profile ({@code pec.signature.profile}), the default of every peer. */
    public String globalSignatureProfile() {
        permit(Area.PROVIDERS, false);
        return peerProfiles.global().code();
    }

    /**
     * CHANGES STATE: chooses the signature profile of what this provider sends to one provider of the index (the
     * service REST's PUT /api/admin/providers/signature-profile does the same); audited with the profile before and
     * after.
     *
     * @param profile {@code sha256}, {@code legacy}, or null for the global one
     * @throws OperatorRequestException when there is no such provider, it is our own, or the profile is unknown
     */
    public String chooseSignatureProfile(String name, String providerUnit, String profile)
            throws OperatorRequestException {
        Actor actor = permit(Area.PROVIDERS, true);
        PeerIdentity peer = new PeerIdentity(name, providerUnit);
        SignatureProfile wanted;
        try {
            wanted = profile == null || profile.isBlank() ? null : SignatureProfile.ofCode(profile);
        } catch (IllegalArgumentException e) {
            throw new OperatorRequestException(e.getMessage());
        }
        String before = peerProfiles.chosen(peer).map(SignatureProfile::code).orElse("default");
        SignatureProfile effective;
        try {
            effective = peerProfiles.choose(peer, wanted);
        } catch (it.certmail.pec.index.service.PeerSignatureProfileService.PeerChoiceException e) {
            throw new OperatorRequestException(e.getMessage());
        }
        String target = providerUnit == null || providerUnit.isBlank() ? name : name + " / " + providerUnit;
        audit.record(actor, "providers.signatureProfile", target, "profile=" + before,
                "profile=" + (wanted == null ? "default" : wanted.code()) + " effective=" + effective.code());
        return effective.code();
    }

    private static MonitoringViews.CertificateInfo certificateInfo(byte[] der, Instant now) {
        try {
            return certificateInfo(it.certmail.pec.crypto.Certificates.fromDer(der), now);
        } catch (java.security.cert.CertificateException e) {
            return new MonitoringViews.CertificateInfo("(unreadable: " + e.getMessage() + ")", "", null, -1);
        }
    }

    private static MonitoringViews.CertificateInfo certificateInfo(java.security.cert.X509Certificate c, Instant now) {
        ConsoleViews.CertificateRow row = ConsoleViews.CertificateRow.of("", c, now);
        // the e-mail address of a PEC signing certificate by name, not as an OID with hex
        String subject = c.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253,
                java.util.Map.of("1.2.840.113549.1.9.1", "EMAILADDRESS"));
        return new MonitoringViews.CertificateInfo(subject, it.certmail.pec.crypto.Certificates.sha1Hex(c),
                row.notAfter(), row.daysLeft());
    }

    /** The CA certificates trusted for other providers' signatures and TLS. */
    public List<MonitoringViews.CertificateInfo> trustAnchors() {
        permit(Area.PROVIDERS, false);
        Instant now = clock.instant();
        return keys.trustAnchors().stream().map(c -> certificateInfo(c, now)).toList();
    }

    /** This provider's record for the index, as LDIF. */
    public String ownRecordLdif() {
        permit(Area.PROVIDERS, false);
        return providerIndex.ownRecordLdif();
    }

    /** PEM of this provider's CA. */
    public String caPem() {
        permit(Area.PROVIDERS, false);
        return it.certmail.pec.crypto.Certificates.toPem(keys.caCertificate());
    }

    /** CHANGES STATE: imports other providers' LDIF records (the service REST's POST /api/admin/providers uses). */
    public MonitoringViews.LdifReport importProviders(String ldif) {
        Actor actor = permit(Area.PROVIDERS, true);
        it.certmail.pec.index.service.ProviderIndexService.ImportOutcome o;
        try {
            o = providerIndex.importLdif(ldif);
        } catch (IllegalArgumentException e) {
            // the records contradict each other: nothing was written
            return new MonitoringViews.LdifReport(0, 0, List.of(),
                    List.of(new MonitoringViews.LdifProblemRow("", e.getMessage())));
        }
        audit.record(actor, "providers.import", String.join(" ", o.providers()), null,
                "inserted=" + o.inserted() + " updated=" + o.updated() + " problems=" + o.problems().size());
        return new MonitoringViews.LdifReport(o.inserted(), o.updated(), List.copyOf(o.providers()),
                o.problems().stream().map(p -> new MonitoringViews.LdifProblemRow(p.dn(), p.message())).toList());
    }

    /** The catalog's plans. */
    public List<MonitoringViews.PlanRow> planRows() {
        permit(Area.PLANS, false);
        return billing.catalog().plans().stream().map(t -> {
            it.certmail.pec.mailbox.model.LifecyclePolicy p = t.policy();
            return new MonitoringViews.PlanRow(t.code(), t.name(), t.unit().name(), t.periodLength(), t.multiYear(),
                    t.price().cents(), t.vat().basisPoints(), t.spaceBytes(), t.archiveBytes(),
                    t.addOns().stream().map(Enum::name).sorted().toList(), p.onExpiry().name(), p.chargeLeadDays(),
                    p.retryDays(), p.graceDays(), p.purgeDays(), p.cessationDays(), p.finalNoticeDays(),
                    p.deleteArchiveOnExpiry());
        }).toList();
    }

    /**
     * CHANGES STATE: creates or replaces a plan (the service PUT /api/admin/plans/{code} uses).
     *
     * @throws MailboxException when the terms are refused
     */
    public void savePlan(MonitoringViews.PlanRow plan, boolean onSale) throws MailboxException {
        Actor actor = permit(Area.PLANS, true);
        it.certmail.pec.mailbox.billing.domain.PlanTerms terms;
        try {
            java.util.Set<it.certmail.pec.mailbox.billing.model.AddOnKind> addOns =
                    java.util.EnumSet.noneOf(it.certmail.pec.mailbox.billing.model.AddOnKind.class);
            plan.addOns().forEach(a -> addOns.add(it.certmail.pec.mailbox.billing.model.AddOnKind.valueOf(
                    a.strip().toUpperCase(java.util.Locale.ROOT))));
            terms = new it.certmail.pec.mailbox.billing.domain.PlanTerms(
                    plan.code().strip().toLowerCase(java.util.Locale.ROOT),
                    plan.name(), it.certmail.pec.mailbox.billing.model.PeriodUnit.valueOf(plan.periodUnit()),
                    plan.periodLength(), plan.multiYear(),
                    it.certmail.pec.mailbox.billing.domain.Money.cents(plan.priceCents()),
                    new it.certmail.pec.mailbox.billing.domain.VatRate(plan.vatBasisPoints()), plan.spaceBytes(),
                    plan.archiveBytes(), addOns, new it.certmail.pec.mailbox.model.LifecyclePolicy(
                            it.certmail.pec.mailbox.model.ExpiryMode.valueOf(plan.onExpiry()), plan.chargeLeadDays(),
                            plan.retryDays(), plan.graceDays(), plan.purgeDays(), plan.cessationDays(),
                            plan.finalNoticeDays(), plan.deleteArchiveOnExpiry()));
        } catch (RuntimeException e) {
            throw new it.certmail.pec.mailbox.domain.InvalidMailboxRequestException("invalid plan: " + e.getMessage());
        }
        billing.savePlan(terms, onSale);
        audit.record(actor, "plan.save", terms.code(), null, "price=" + plan.priceCents() + " onSale=" + onSale);
    }

    public List<MonitoringViews.DiscountRow> discountRows() {
        permit(Area.PLANS, false);
        return billing.discounts().stream().map(d -> new MonitoringViews.DiscountRow(d.getCode(), d.getKind().name(),
                d.getValue(), d.getValidFrom(), d.getValidUntil(), d.planSet().stream().sorted().toList(),
                d.getMaxUses(), d.getTimesUsed())).toList();
    }

    /**
     * CHANGES STATE: a new discount code (the service POST /api/admin/discount-codes uses).
     *
     * @param kind PERCENT (value in basis points) or AMOUNT (cents)
     */
    public void createDiscount(String code, String kind, long value, Instant validFrom, Instant validUntil,
            java.util.Set<String> plans, Integer maxUses) throws MailboxException {
        Actor actor = permit(Area.PLANS, true);
        it.certmail.pec.mailbox.billing.model.DiscountKind k;
        try {
            k = it.certmail.pec.mailbox.billing.model.DiscountKind.valueOf(kind);
        } catch (RuntimeException e) {
            throw new it.certmail.pec.mailbox.domain.InvalidMailboxRequestException("kind: PERCENT or AMOUNT");
        }
        billing.createDiscount(code, k, value, validFrom, validUntil, plans, maxUses);
        audit.record(actor, "discount.create", code, null, kind + " " + value + " plans=" + plans);
    }

    /** The verdict on an uploaded message, as the verify tool gives it. */
    public MonitoringViews.VerifyVerdict verify(byte[] raw) {
        permit(Area.DASHBOARD, false);
        it.certmail.pec.receipts.infra.PecVerdict v = verification.judgeAsOfSigning(raw);
        it.certmail.pec.crypto.SignatureCheck s = v.signature();
        String kind = switch (v.category()) {
            case TRANSPORT_ENVELOPE, NOTICE -> v.kind().flatMap(it.certmail.pec.receipts.domain.PecMessageKind::daticertType)
                    .map(it.certmail.pec.receipts.domain.DaticertType::code).orElse("anomalia");
            case ANOMALY_ENVELOPE, MALFORMED -> "anomalia";
            case ORDINARY, NOT_A_MESSAGE -> "ordinary";
        };
        return new MonitoringViews.VerifyVerdict(kind, v.category().name(), v.kind().map(Enum::name).orElse(null),
                s.signed(), v.validAtSigningTime(), v.signerTrusted(),
                s.signerAddress() != null ? s.signerAddress()
                        : s.signer() != null ? s.signer().getSubjectX500Principal().getName() : null,
                v.provider().map(it.certmail.pec.index.domain.ProviderRecord::name).orElse(null), s.signingTime(),
                v.from(), v.subject(), v.messageId(),
                v.certification().map(it.certmail.pec.receipts.domain.Daticert::identifier).orElse(null),
                v.daticert().map(it.certmail.pec.receipts.domain.DaticertReading::dtdValid).orElse(null),
                List.copyOf(v.problems()));
    }

    /** The largest .eml the verify page takes (the same limit as the REST tool). */
    public long verifyMaxBytes() {
        return settings.verifyMaxBytes();
    }

    @Inject
    it.certmail.pec.platform.service.PlatformSettings settings;

    /** The figures the metrics endpoint publishes, for the dashboard. */
    public it.certmail.pec.web.metrics.MetricsFigures metricsFigures() {
        return metrics.figures();
    }
}
