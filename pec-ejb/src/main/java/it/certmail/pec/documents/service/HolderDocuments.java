package it.certmail.pec.documents.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.model.Invoice;
import it.certmail.pec.mailbox.billing.model.PurchaseOrder;
import it.certmail.pec.mailbox.billing.service.BillingService;
import it.certmail.pec.documents.domain.ContractPdf;
import it.certmail.pec.documents.domain.DocumentLanguage;
import it.certmail.pec.documents.domain.ExtractJobPolicy;
import it.certmail.pec.documents.domain.InvoicePdf;
import it.certmail.pec.documents.domain.LogExtractPdf;
import it.certmail.pec.documents.model.HolderContract;
import it.certmail.pec.documents.model.HolderDocumentDownload;
import it.certmail.pec.documents.model.HolderDocumentDownload.Document;
import it.certmail.pec.documents.model.HolderLogExtract;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.service.LifecycleService;
import it.certmail.pec.mailbox.service.LifecycleView;
import it.certmail.pec.mailbox.service.MailboxInfo;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;

/**
 * The holder's documents: each invoice as a PDF, the contract generated once and kept, official-log extracts
 * signed by the provider (detached CMS with the provider's signing key, {@link ProviderKeys#signer()}), and the
 * record of every download. A document of another mailbox is answered as absent, never as refused: an id in a URL
 * tells nothing about other holders.
 */
@Stateless
public class HolderDocuments {

    /** Italian legal time: the dates the documents print. */
    static final ZoneId ROME = ZoneId.of("Europe/Rome");

    /** Most entries one extract holds (a longer period is asked for in parts). */
    public static final int MAX_EXTRACT_ENTRIES = 10_000;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    MailboxService mailboxes;

    @Inject
    LifecycleService lifecycle;

    @Inject
    BillingService billing;

    @Inject
    PecLog log;

    @Inject
    ProviderKeys keys;

    @Inject
    PlatformSettings platform;

    @Inject
    @ConfigProperty(name = "pec.holder.conditions.version", defaultValue = "2026-01")
    String conditionsVersion;

    /** More entries than this and an extract is made by the holder-extracts job, with its progress shown. */
    @Inject
    @ConfigProperty(name = "pec.holder.extract.async-above", defaultValue = "2000")
    int extractAsyncAbove;

    @Inject
    Clock clock;

    /**
     * An extract as the list shows it, without its bytes: {@code status} QUEUED, RUNNING, READY or FAILED,
     * {@code done} of {@code total} entries read so far; {@code expiresAt} null for one made on the spot (kept).
     */
    public record ExtractSummary(long id, Instant requestedAt, Instant from, Instant to, int entries, String status,
            int done, int total, Instant finishedAt, Instant expiresAt, String error) {

        public boolean ready() {
            return HolderLogExtract.Status.READY.name().equals(status);
        }

        /** Still to be made (queued or running). */
        public boolean pending() {
            return HolderLogExtract.Status.QUEUED.name().equals(status)
                    || HolderLogExtract.Status.RUNNING.name().equals(status);
        }
    }

    /** A recorded download. */
    public record Download(String document, String reference, Instant at) {
    }

    /**
     * The invoice of {@code address} numbered {@code number} as a PDF in {@code lang}; empty when the mailbox has none
     * such.
     */
    public Optional<DocumentFile> invoice(String address, String number, DocumentLanguage lang) {
        Optional<Invoice> found = billing.invoices(address).stream().filter(i -> i.getNumber().equals(number))
                .findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Invoice i = found.get();
        PurchaseOrder order = billing.orders(address).stream().filter(o -> o.getId().equals(i.getOrderId()))
                .findFirst().orElse(null);
        byte[] pdf = InvoicePdf.render(new InvoicePdf.Data(platform.providerName(), platform.domain(), i.getNumber(),
                i.getIssuedAt(), i.getHolderName(), i.getMailboxAddress(),
                order == null ? "" : order.getDescription(), order == null ? i.getTaxableCents() : order.getNetCents(),
                order == null ? null : order.getDiscountCode(), order == null ? 0 : order.getDiscountCents(),
                i.getTaxableCents(), i.getVatBps(), i.getVatCents(), i.getTotalCents(),
                order == null ? null : order.getPaymentRef()), ROME, lang);
        recordDownload(address, Document.INVOICE, i.getNumber());
        return Optional.of(new DocumentFile(lang.pick("fattura-", "invoice-") + i.getNumber().replaceAll("[^A-Za-z0-9-]", "-") + ".pdf",
                "application/pdf", pdf));
    }

    /**
     * The contract of {@code address} in {@code lang}: generated from that language's template the first time it is
     * asked in it (holder, plan, term, price and the conditions version then in force), then the same stored bytes
     * every time. Each language keeps its own document.
     */
    public DocumentFile contract(String address, DocumentLanguage lang) throws MailboxNotFoundException {
        HolderContract kept = keptContract(address, lang).orElse(null);
        if (kept == null) {
            kept = newContract(address, lang);
            em.persist(kept);
            em.flush();
        }
        recordDownload(address, Document.CONTRACT, kept.getSha256().substring(0, 16));
        return new DocumentFile(lang.pick("contratto-", "contract-") + fileSafe(address) + ".pdf", "application/pdf",
                kept.getPdf());
    }

    /** The SHA-256 of the kept contract in {@code lang}, empty before its first download in that language. */
    public Optional<String> contractDigest(String address, DocumentLanguage lang) {
        return keptContract(address, lang).map(HolderContract::getSha256);
    }

    private Optional<HolderContract> keptContract(String address, DocumentLanguage lang) {
        return em.createNamedQuery(HolderContract.BY_MAILBOX, HolderContract.class).setParameter("address", address)
                .setParameter("language", lang.code()).getResultStream().findFirst();
    }

    private HolderContract newContract(String address, DocumentLanguage lang) throws MailboxNotFoundException {
        MailboxInfo m = mailboxes.getMailbox(address);
        Optional<LifecycleView> life = lifecycle.view(address);
        Optional<PlanTerms> plan = life.flatMap(l -> billing.catalog().plan(l.plan()));
        Instant now = clock.instant();
        Instant activated = life.map(LifecycleView::activatedAt).orElse(m.createdAt());
        int termYears = life.map(LifecycleView::termYears).orElse(1);
        byte[] pdf = ContractPdf.render(new ContractPdf.Data(platform.providerName(), platform.domain(),
                m.holderName(), m.referenceEmail(), m.address(), plan.map(PlanTerms::name).orElse(m.plan()),
                Math.max(1, termYears) * 12, plan.map(p -> p.yearlyPrice().cents()).orElse(0L),
                plan.map(p -> p.vat().basisPoints()).orElse(2200), activated,
                life.map(LifecycleView::expiresAt).orElse(m.expiresAt()), life.map(LifecycleView::autoRenew).orElse(false),
                conditionsVersion, activated == null ? now : activated), ROME, lang);
        return new HolderContract(m.address(), lang.code(), conditionsVersion, now, pdf, sha256(pdf));
    }

    /**
     * Asks for an extract of every official-log entry of the holder's transmissions in {@code [from, to)}, in
     * {@code lang} (the signed document stays in the language it was made in), by {@code requester}. The entries are
     * counted first: up to the configured threshold the extract is made, signed with the provider's key and kept at
     * once (READY); above it the request is recorded QUEUED for the holder-extracts job.
     */
    public ExtractSummary requestLogExtract(String address, String requester, Instant from, Instant to,
            DocumentLanguage lang) {
        Instant now = clock.instant();
        long count = log.countTransmissionsOf(address, from, to);
        if (jobPolicy().inBackground(count)) {
            HolderLogExtract queued = HolderLogExtract.queued(address, requester, now, from, to, lang.code(),
                    (int) Math.min(count, MAX_EXTRACT_ENTRIES));
            em.persist(queued);
            em.flush();
            return summary(queued);
        }
        List<LogEntry> entries = log.transmissionsOf(address, from, to, MAX_EXTRACT_ENTRIES);
        HolderLogExtract extract = new HolderLogExtract(address, now, from, to);
        extract.requestedBy(requester, lang.code());
        em.persist(extract);
        em.flush();
        sign(extract, entries.stream().map(HolderDocuments::entry).toList(), now, null);
        return summary(extract);
    }

    /** The threshold, part size, staleness and keeping time of the holder-extracts job. */
    public ExtractJobPolicy jobPolicy() {
        return ExtractJobPolicy.above(extractAsyncAbove);
    }

    /** Renders the PDF of {@code entries} in the extract's language, signs it and completes the extract (READY). */
    private void sign(HolderLogExtract extract, List<LogExtractPdf.Entry> entries, Instant finished, Instant expires) {
        byte[] pdf = LogExtractPdf.render(new LogExtractPdf.Header(platform.providerName(), platform.domain(),
                extract.getMailboxAddress(), extract.getPeriodFrom(), extract.getPeriodTo(), finished, extract.getId()),
                entries, ROME, DocumentLanguage.of(extract.getLanguage()));
        byte[] signature;
        try {
            signature = keys.signer().signDetached(pdf, finished);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot sign the log extract", e);
        }
        extract.complete(entries.size(), pdf, signature, finished, expires);
    }

    // ---- the holder-extracts job's steps: each its own transaction, so the progress shows while it works

    /** Ids of the requests to make now: queued ones, and running ones whose node fell silent. */
    public List<Long> dueExtracts() {
        Instant now = clock.instant();
        return em.createNamedQuery(HolderLogExtract.DUE, Long.class).setParameter("queued", HolderLogExtract.Status.QUEUED)
                .setParameter("running", HolderLogExtract.Status.RUNNING)
                .setParameter("staleBefore", jobPolicy().staleBefore(now)).getResultList();
    }

    /** Takes request {@code id} for this run if it is still due (false: another run has it or it is done). */
    public boolean claimExtract(long id) {
        Instant now = clock.instant();
        return em.createNamedQuery(HolderLogExtract.CLAIM).setParameter("queued", HolderLogExtract.Status.QUEUED)
                .setParameter("running", HolderLogExtract.Status.RUNNING).setParameter("now", now)
                .setParameter("staleBefore", jobPolicy().staleBefore(now)).setParameter("id", id).executeUpdate() == 1;
    }

    /**
     * Reads the entries of request {@code id} from the {@code first}-th on (one part, at most the policy's part size,
     * never past the most an extract holds) and records how far it got.
     */
    public List<LogExtractPdf.Entry> readExtractPart(long id, int first) {
        HolderLogExtract e = em.find(HolderLogExtract.class, id);
        int size = Math.min(jobPolicy().partSize(), MAX_EXTRACT_ENTRIES - first);
        List<LogExtractPdf.Entry> part = size <= 0 ? List.of()
                : log.transmissionsOf(e.getMailboxAddress(), e.getPeriodFrom(), e.getPeriodTo(), first, size).stream()
                        .map(HolderDocuments::entry).toList();
        int done = first + part.size();
        e.progress(done, Math.max(done, e.getEntriesTotal()), clock.instant());
        return part;
    }

    /** Renders and signs request {@code id} with all its {@code entries}: READY, kept for the policy's time. */
    public void finishExtract(long id, List<LogExtractPdf.Entry> entries) {
        Instant now = clock.instant();
        sign(em.find(HolderLogExtract.class, id), entries, now, jobPolicy().expiresAt(now));
    }

    /** Request {@code id} could not be made: FAILED, the reason shown to the holder. */
    public void failExtract(long id, String reason) {
        Instant now = clock.instant();
        HolderLogExtract e = em.find(HolderLogExtract.class, id);
        if (e != null) {
            e.fail(reason, now, jobPolicy().expiresAt(now));
        }
    }

    /** Deletes the job's results (and failures) past their keeping time; returns how many. */
    public int deleteExpiredExtracts() {
        return em.createNamedQuery(HolderLogExtract.EXPIRED).setParameter("now", clock.instant()).executeUpdate();
    }

    private static ExtractSummary summary(HolderLogExtract e) {
        return new ExtractSummary(e.getId(), e.getRequestedAt(), e.getPeriodFrom(), e.getPeriodTo(), e.getEntries(),
                e.getStatus().name(), e.getEntriesDone(), e.getEntriesTotal(), e.getFinishedAt(), e.getExpiresAt(),
                e.getError());
    }

    private static LogExtractPdf.Entry entry(LogEntry e) {
        return new LogExtractPdf.Entry(e.getEventTime(), e.getEventType().name(), e.getMsgid(), e.getSender(),
                e.getRecipients(), e.getSubject(), e.getGeneratedIds(), e.getSendingProvider(), e.getDetail());
    }

    /** The holder's extracts, newest first. */
    public List<ExtractSummary> extracts(String address) {
        return em.createNamedQuery(HolderLogExtract.BY_MAILBOX, Object[].class).setParameter("address", address)
                .getResultList().stream().map(r -> new ExtractSummary(((Number) r[0]).longValue(), (Instant) r[1],
                        (Instant) r[2], (Instant) r[3], ((Number) r[4]).intValue(), r[5].toString(),
                        ((Number) r[6]).intValue(), ((Number) r[7]).intValue(), (Instant) r[8], (Instant) r[9],
                        (String) r[10])).toList();
    }

    /**
     * The extract's PDF, or ({@code signature}) the provider's detached CMS signature over it ({@code .p7s}): the same
     * bytes every time, once READY; absent while it is being made, after it failed or expired, or for another mailbox.
     */
    public Optional<DocumentFile> extract(String address, long id, boolean signature) {
        HolderLogExtract e = em.find(HolderLogExtract.class, id);
        if (e == null || !e.getMailboxAddress().equals(address) || e.getStatus() != HolderLogExtract.Status.READY) {
            return Optional.empty();
        }
        recordDownload(address, signature ? Document.LOG_SIGNATURE : Document.LOG_EXTRACT, Long.toString(id));
        String name = "registro-" + fileSafe(address) + "-" + id + ".pdf";
        return Optional.of(signature ? new DocumentFile(name + ".p7s", "application/pkcs7-signature", e.getSignature())
                : new DocumentFile(name, "application/pdf", e.getPdf()));
    }

    /** The holder's downloads, newest first (at most 100). */
    public List<Download> downloads(String address) {
        return em.createNamedQuery(HolderDocumentDownload.BY_MAILBOX, HolderDocumentDownload.class)
                .setParameter("address", address).setMaxResults(100).getResultList().stream()
                .map(d -> new Download(d.getDocument().name(), d.getReference(), d.getDownloadedAt())).toList();
    }

    /** Records a download of the whole mailbox (the zip of its messages). */
    public void recordMailboxExport(String address) {
        recordDownload(address, Document.MAILBOX, "zip");
    }

    private void recordDownload(String address, Document document, String reference) {
        em.persist(new HolderDocumentDownload(address, document, reference, clock.instant()));
    }

    private static String fileSafe(String address) {
        return address.replaceAll("[^A-Za-z0-9@._-]", "_");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
