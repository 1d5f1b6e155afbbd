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

import it.certmail.pec.billing.domain.PlanTerms;
import it.certmail.pec.billing.model.Invoice;
import it.certmail.pec.billing.model.PurchaseOrder;
import it.certmail.pec.billing.service.BillingService;
import it.certmail.pec.documents.domain.ContractPdf;
import it.certmail.pec.documents.domain.DocumentLanguage;
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

    @Inject
    Clock clock;

    /** An extract as the list shows it, without its bytes. */
    public record ExtractSummary(long id, Instant requestedAt, Instant from, Instant to, int entries) {
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
     * Makes an extract of every official-log entry of the holder's transmissions in {@code [from, to)}, signs it
     * with the provider's key and keeps it, in {@code lang} (the signed document stays in the language it was made in).
     */
    public ExtractSummary requestLogExtract(String address, Instant from, Instant to, DocumentLanguage lang) {
        Instant now = clock.instant();
        List<LogEntry> entries = log.transmissionsOf(address, from, to, MAX_EXTRACT_ENTRIES);
        HolderLogExtract extract = new HolderLogExtract(address, now, from, to);
        em.persist(extract);
        em.flush();
        byte[] pdf = LogExtractPdf.render(new LogExtractPdf.Header(platform.providerName(), platform.domain(), address,
                from, to, now, extract.getId()), entries.stream().map(HolderDocuments::entry).toList(), ROME, lang);
        byte[] signature;
        try {
            signature = keys.signer().signDetached(pdf, now);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot sign the log extract", e);
        }
        extract.complete(entries.size(), pdf, signature);
        return new ExtractSummary(extract.getId(), now, from, to, entries.size());
    }

    private static LogExtractPdf.Entry entry(LogEntry e) {
        return new LogExtractPdf.Entry(e.getEventTime(), e.getEventType().name(), e.getMsgid(), e.getSender(),
                e.getRecipients(), e.getSubject(), e.getGeneratedIds(), e.getSendingProvider(), e.getDetail());
    }

    /** The holder's extracts, newest first. */
    public List<ExtractSummary> extracts(String address) {
        return em.createNamedQuery(HolderLogExtract.BY_MAILBOX, Object[].class).setParameter("address", address)
                .getResultList().stream().map(r -> new ExtractSummary(((Number) r[0]).longValue(), (Instant) r[1],
                        (Instant) r[2], (Instant) r[3], ((Number) r[4]).intValue())).toList();
    }

    /** The extract's PDF, or ({@code signature}) the provider's detached CMS signature over it ({@code .p7s}). */
    public Optional<DocumentFile> extract(String address, long id, boolean signature) {
        HolderLogExtract e = em.find(HolderLogExtract.class, id);
        if (e == null || !e.getMailboxAddress().equals(address)) {
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
