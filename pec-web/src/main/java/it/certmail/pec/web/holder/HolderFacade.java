package it.certmail.pec.web.holder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.mailbox.billing.domain.Charge;
import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.mailbox.billing.service.PlanChangePrice;
import it.certmail.pec.mailbox.billing.service.RenewalPrice;
import it.certmail.pec.documents.domain.DocumentLanguage;
import it.certmail.pec.documents.domain.ExtractProgress;
import it.certmail.pec.documents.service.DocumentFile;
import it.certmail.pec.documents.service.HolderDocuments;
import it.certmail.pec.jobs.service.Jobs;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.HolderRecovery;
import it.certmail.pec.mailbox.service.HolderSecondFactorService;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.LifecycleSettings;
import it.certmail.pec.mailbox.service.LifecycleView;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.web.holder.HolderViews.Dashboard;
import it.certmail.pec.web.holder.HolderViews.DownloadRow;
import it.certmail.pec.web.holder.HolderViews.ExtractRow;
import it.certmail.pec.web.holder.HolderViews.LogRow;
import it.certmail.pec.web.holder.HolderViews.OrderRow;
import it.certmail.pec.web.holder.HolderViews.PlanChangeQuote;
import it.certmail.pec.web.holder.HolderViews.PlanChoice;
import it.certmail.pec.web.holder.HolderViews.Quote;
import it.certmail.pec.web.holder.HolderViews.Usage;
import it.certmail.pec.web.shared.WebFormats;

/**
 * The holder's area's one way into the application: the services the holder's REST API
 * ({@code /api/mailbox/account}) calls, answered as {@link HolderViews}. Every method takes the address the
 * caller's session proved; the beans never pass one it did not.
 */
@ApplicationScoped
public class HolderFacade {

    @Inject
    MailboxService mailboxes;

    @Inject
    LifecycleService lifecycle;

    @Inject
    LifecycleSettings lifecycleSettings;

    @Inject
    BillingService billing;

    @Inject
    HolderRecovery recovery;

    @Inject
    HolderSecondFactorService secondFactor;

    @Inject
    PlatformSettings platform;

    @Inject
    PecLog log;

    @Inject
    HolderDocuments documents;

    @Inject
    Jobs jobs;

    @Inject
    it.certmail.pec.mailbox.service.MessageStoreService messages;

    @Inject
    it.certmail.pec.access.service.MailAccessService access;

    @Inject
    Clock clock;

    /** The web password only (never the client password); empty for a wrong one or a mailbox that may not log in. */
    public Optional<String> authenticate(String address, String webPassword) {
        if (address == null || webPassword == null) {
            return Optional.empty();
        }
        return mailboxes.authenticateWeb(address.strip(), webPassword).map(MailboxInfo::address);
    }

    /**
     * Whether {@code address} is withdrawn and awaiting its deletion: its web area offers only the downloads
     * (dashboard, invoices, contract, mailbox export, log extracts).
     */
    public boolean downloadOnly(String address) {
        return address != null && mailboxes.webDownloadOnly(address);
    }

    /** The days a withdrawn mailbox's content stays downloadable before the lifecycle job deletes it. */
    public int withdrawalDays() {
        return it.certmail.pec.mailbox.domain.LifecycleMachine.WITHDRAWAL_DAYS;
    }

    public Dashboard dashboard(String address) throws MailboxException {
        MailboxInfo m = mailboxes.getMailbox(address);
        Optional<LifecycleView> life = lifecycle.view(address);
        Instant now = clock.instant();
        Instant expiresAt = life.map(LifecycleView::expiresAt).orElse(m.expiresAt());
        String phase = life.map(LifecycleView::phase).orElse(null);
        HolderStanding standing = HolderStanding.of(m.status(), phase, expiresAt, now, WebFormats.ROME);
        Optional<PlanTerms> plan = life.flatMap(l -> billing.catalog().plan(l.plan()));
        // the quota holds the mailbox space and the archive together: the archive part is the plan's
        long archiveQuota = plan.map(PlanTerms::archiveBytes).orElse(0L);
        Usage archive = archiveQuota > 0 ? new Usage(life.get().archiveBytes(), archiveQuota) : null;
        Usage box = new Usage(life.map(LifecycleView::mailBytes).orElse(m.usedBytes()),
                Math.max(0, m.quotaBytes() - (archive == null ? 0 : archiveQuota)));
        Instant clientExpiry = m.clientPasswordSetAt() == null ? null
                : lifecycleSettings.passwordPolicy().clientExpiresAt(m.clientPasswordSetAt());
        return new Dashboard(m.address(), m.holderName(), m.referenceEmail(), standing,
                plan.map(PlanTerms::name).orElse(m.plan()), life.map(LifecycleView::activatedAt).orElse(m.createdAt()),
                expiresAt, !"WITHDRAWN".equals(phase) && (standing.renewable()
                        || HolderStanding.renewalNoticeDue(expiresAt, now, WebFormats.ROME)),
                life.map(LifecycleView::autoRenew).orElse(false), box, archive, clientExpiry,
                clientExpiry != null && !now.isBefore(clientExpiry), life.map(LifecycleView::alertPhone).orElse(null),
                "CESSATION".equals(phase) || "WITHDRAWN".equals(phase),
                life.map(LifecycleView::deletionAt).orElse(null), "WITHDRAWN".equals(phase));
    }

    public List<PlanChoice> plans() {
        return billing.catalog().plans().stream().map(p -> new PlanChoice(p.code(), p.name())).toList();
    }

    public Optional<String> currentPlan(String address) {
        return lifecycle.view(address).map(LifecycleView::plan);
    }

    public Quote quote(String address, String plan, int years, String discountCode) throws MailboxException {
        RenewalPrice p = billing.quoteRenewal(address, plan, years, discountCode);
        Charge c = p.charge();
        return new Quote(p.planName(), p.months(), p.discountCode(), c.net().cents(), c.discount().cents(),
                c.vat().cents(), c.total().cents());
    }

    public OrderRow renew(String address, String plan, int years, String discountCode) throws MailboxException {
        return row(billing.renew(address, plan, years, discountCode), null);
    }

    public PlanChangeQuote quotePlanChange(String address, String plan, String discountCode) throws MailboxException {
        PlanChangePrice p = billing.quotePlanChange(address, plan, discountCode);
        return new PlanChangeQuote(p.planName(), p.upgrade(), p.deletesArchive(), p.monthsLeft(), p.discountCode(),
                p.charge().discount().cents(), p.charge().total().cents());
    }

    /** Upgrade at once (the difference pro rata) or downgrade if the content fits: the existing plan-change rules. */
    public OrderRow changePlan(String address, String plan, String discountCode) throws MailboxException {
        return row(billing.changePlan(address, plan, discountCode), null);
    }

    public OrderRow buyExtraSpace(String address, int gigabytes) throws MailboxException {
        return buyAddOn(address, AddOnKind.EXTRA_GB.name(), gigabytes);
    }

    /** The add-ons the mailbox's plan sells ({@code AddOnKind} names, in the catalog's order). */
    public List<String> addOnKinds(String address) {
        return lifecycle.view(address).flatMap(l -> billing.catalog().plan(l.plan()))
                .map(p -> java.util.Arrays.stream(AddOnKind.values()).filter(p.addOns()::contains).map(Enum::name)
                        .toList())
                .orElse(List.of());
    }

    /** The running add-ons, as {@code KIND x units until date}. */
    public List<String> runningAddOns(String address) {
        return lifecycle.view(address).map(LifecycleView::addOns).orElse(List.of());
    }

    /** Buys {@code units} of an add-on the plan sells, until the expiry, pro rata (the billing rules). */
    public OrderRow buyAddOn(String address, String kind, int units) throws MailboxException {
        AddOnKind k;
        try {
            k = AddOnKind.valueOf(kind);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new it.certmail.pec.mailbox.domain.InvalidMailboxRequestException("unknown add-on " + kind);
        }
        return row(billing.buyAddOn(address, k, units, null), null);
    }

    /** The stored payment method, masked ({@code •••• 4242}); empty when none. */
    public Optional<String> paymentMethod(String address) throws MailboxException {
        return billing.maskedPaymentMethod(address);
    }

    /** Stores a new payment method (the sandbox gateway's token from the checkout). */
    public void replacePaymentMethod(String address, String token) throws MailboxException {
        if (token == null || token.isBlank()) {
            throw new it.certmail.pec.mailbox.domain.InvalidMailboxRequestException("a payment method is needed");
        }
        billing.paymentMethod(address, token.strip(), null, null);
    }

    /**
     * Another mailbox for the same holder, paid now with the stored payment method of {@code payer}.
     *
     * @return the activation order of the new mailbox
     */
    public OrderRow buyMailbox(String payer, String address, String webPassword, String plan, int years)
            throws MailboxException {
        return row(mailboxes.purchaseMailbox(payer, address == null ? null : address.strip(), webPassword, plan,
                years), null);
    }

    /** Orders with their invoices, newest first. */
    public List<OrderRow> orders(String address) {
        Map<Long, Invoice> invoices = new HashMap<>();
        billing.invoices(address).forEach(i -> invoices.put(i.getOrderId(), i));
        return billing.orders(address).stream().map(o -> row(o, invoices.get(o.getId())))
                .sorted((a, b) -> Long.compare(b.id(), a.id())).toList();
    }

    public void autoRenew(String address, boolean on) throws MailboxException {
        billing.paymentMethod(address, null, on, null);
    }

    /** The mobile number for SMS alerts; blank removes it. */
    public void mobileNumber(String address, String number) throws MailboxException {
        billing.paymentMethod(address, null, null, number == null ? "" : number);
    }

    /** @return the new client password, to show once */
    public String newClientPassword(String address) throws MailboxException {
        return mailboxes.generateClientPassword(address);
    }

    public void withdraw(String address) throws MailboxException {
        lifecycle.withdraw(address);
    }

    public void changeWebPassword(String address, String password) throws MailboxException {
        mailboxes.changeWebPassword(address, password);
    }

    // ---- recovery and contact data (HolderRecovery)

    /** @return empty when accepted, else how long until a code may be asked for again */
    public Optional<Duration> requestRecoveryCode(String address) {
        HolderRecovery.CodeRequest r = recovery.requestRecoveryCode(address);
        return r.accepted() ? Optional.empty() : Optional.of(r.retryAfter());
    }

    public Optional<String> confirmRecoveryCode(String address, String code) {
        return recovery.confirmRecoveryCode(address, code);
    }

    public void completeRecovery(String address, String grant, String newPassword) throws MailboxException {
        recovery.completeRecovery(address, grant, newPassword);
    }

    public Optional<Duration> requestReferenceChange(String address, String newEmail) throws MailboxException {
        HolderRecovery.CodeRequest r = recovery.requestReferenceChange(address, newEmail);
        return r.accepted() ? Optional.empty() : Optional.of(r.retryAfter());
    }

    public boolean confirmReferenceChange(String address, String newEmail, String code) throws MailboxException {
        return recovery.confirmReferenceChange(address, newEmail, code);
    }

    /** Most entries an extract shows or downloads at once (a larger period is asked for in parts). */
    public static final int MAX_LOG_ROWS = 10_000;

    /** The official-log entries of the holder's own transmissions in {@code [from, to)}. */
    public List<LogRow> logExtract(String address, Instant from, Instant to) {
        return log.transmissionsOf(address, from, to, MAX_LOG_ROWS).stream().map(HolderFacade::logRow).toList();
    }

    private static LogRow logRow(LogEntry e) {
        return new LogRow(e.getEventTime(), e.getEventType().name(), e.getMsgid(), e.getSender(), e.getRecipients(),
                e.getSubject(), e.getSendingProvider(), e.getDetail());
    }

    // ---- documents (HolderDocuments): every one looked up within the address, so a forged id finds nothing

    /** @param language the page's language ({@code it}, {@code en}): the document's */
    public Optional<DocumentFile> invoicePdf(String address, String invoiceNumber, String language) {
        return invoiceNumber == null ? Optional.empty()
                : documents.invoice(address, invoiceNumber, DocumentLanguage.of(language));
    }

    /**
     * The kept contract in the page's language (made on the first call in it; a concurrent first call that lost the
     * race reads the winner's).
     */
    public DocumentFile contract(String address, String language) throws MailboxException {
        DocumentLanguage lang = DocumentLanguage.of(language);
        try {
            return documents.contract(address, lang);
        } catch (jakarta.ejb.EJBException e) {
            return documents.contract(address, lang);
        }
    }

    public Optional<String> contractDigest(String address, String language) {
        return documents.contractDigest(address, DocumentLanguage.of(language));
    }

    /**
     * Asks for a signed extract of the holder's transmissions in {@code [from, to)}, in the page's language, by
     * {@code requester}: made at once when small, else queued and the holder-extracts job fired at once (its
     * minutely run takes it anyway, should the fire not get through).
     */
    public ExtractRow requestSignedExtract(String address, String requester, Instant from, Instant to,
            String language) {
        HolderDocuments.ExtractSummary e = documents.requestLogExtract(address, requester, from, to,
                DocumentLanguage.of(language));
        if (e.pending()) {
            try {
                jobs.fireNow(HOLDER_EXTRACTS_JOB);
            } catch (RuntimeException notNow) {
                java.util.logging.Logger.getLogger(HolderFacade.class.getName()).fine(
                        () -> "holder-extracts not fired now, its next run takes extract " + e.id() + ": " + notNow);
            }
        }
        return extractRow(e);
    }

    /** The job that makes the large extracts ({@code HolderExtractsJob} in pec-batch). */
    static final String HOLDER_EXTRACTS_JOB = "holder-extracts";

    public List<ExtractRow> extracts(String address) {
        return documents.extracts(address).stream().map(HolderFacade::extractRow).toList();
    }

    private static ExtractRow extractRow(HolderDocuments.ExtractSummary e) {
        return new ExtractRow(e.id(), e.requestedAt(), e.from(), e.to(), e.entries(), e.status(),
                new ExtractProgress(e.done(), e.total()), e.expiresAt(), e.error());
    }

    /** The extract's PDF, or its detached signature ({@code .p7s}). */
    public Optional<DocumentFile> extract(String address, long id, boolean signature) {
        return documents.extract(address, id, signature);
    }

    /**
     * The whole mailbox as a zip of {@code .eml} files (one folder per mailbox folder, the exact stored bytes),
     * written to {@code out} message by message: nothing is held in memory.
     */
    public void exportMailbox(String address, java.io.OutputStream out) throws java.io.IOException, MailboxException {
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
            for (it.certmail.pec.access.domain.FolderInfo folder : folders(address)) {
                for (it.certmail.pec.mailbox.service.MessageEntry e : messages.list(address, folder.name())) {
                    Optional<it.certmail.pec.mailbox.service.RawMessage> raw = messages.openRaw(address, e.id());
                    if (raw.isEmpty()) {
                        continue; // expunged meanwhile
                    }
                    zip.putNextEntry(new java.util.zip.ZipEntry(folder.name().replaceAll("[^A-Za-z0-9 ._-]", "_") + "/"
                            + e.uid() + ".eml"));
                    try (java.io.InputStream in = raw.get().content()) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        }
        documents.recordMailboxExport(address);
    }

    private List<it.certmail.pec.access.domain.FolderInfo> folders(String address) throws MailboxException {
        try {
            return access.folders(address);
        } catch (it.certmail.pec.access.domain.MailAccessException e) {
            throw new it.certmail.pec.mailbox.domain.MailboxNotFoundException(e.getMessage());
        }
    }

    public List<DownloadRow> downloads(String address) {
        return documents.downloads(address).stream().map(d -> new DownloadRow(d.document(), d.reference(), d.at()))
                .toList();
    }

    // ---- second factor (HolderSecondFactorService)

    public boolean secondFactorEnrolled(String address) {
        try {
            return secondFactor.enrolled(address);
        } catch (MailboxException e) {
            return false;
        }
    }

    /** The otpauth URI an app reads from the QR code: this provider, this mailbox, this secret. */
    public String totpKeyUri(String address, byte[] secret) {
        return Totp.standard().keyUri(platform.providerName(), address, secret);
    }

    /** @return the recovery codes to show once; empty for a wrong code */
    public Optional<List<String>> enrolSecondFactor(String address, byte[] secret, String code) throws MailboxException {
        return secondFactor.enrol(address, secret, code);
    }

    public boolean verifySecondFactor(String address, String code) throws MailboxException {
        return secondFactor.verify(address, code);
    }

    public boolean disableSecondFactor(String address, String code) throws MailboxException {
        return secondFactor.disable(address, code);
    }

    private static OrderRow row(PurchaseOrder o, Invoice i) {
        return new OrderRow(o.getId(), o.getKind().name(), o.getDescription(), o.getDiscountCode(),
                o.getTotalCents(), o.getCreatedAt(),
                i == null ? null : i.getNumber());
    }
}
