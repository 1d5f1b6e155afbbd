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
import it.certmail.pec.batch.scheduler.JobRunRecorder;
import it.certmail.pec.batch.scheduler.JobRunner;
import it.certmail.pec.billing.service.BillingService;
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
        audit.record(actor, "mailbox.create", created.address(), null, AuditValues.of(mailboxFacts(created)));
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
    private static Map<String, Object> mailboxFacts(MailboxInfo m) {
        Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("holder", m.holderName());
        facts.put("status", m.status());
        facts.put("plan", m.plan());
        facts.put("acceptOrdinaryMail", m.acceptOrdinaryMail());
        facts.put("blockNonPecRecipients", m.blockNonPecRecipients());
        return facts;
    }

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
                AuditValues.of(mailboxFacts(current)), AuditValues.of(mailboxFacts(changed)));
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
}
