package it.certmail.pec.mailbox.service;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.PaymentGateway;
import it.certmail.pec.mailbox.billing.domain.StorageUse;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.service.BillingTransactions;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.domain.SmsGateway;
import it.certmail.pec.mailbox.infra.JpaLifecycle;
import it.certmail.pec.mailbox.infra.LifecycleChunk;
import it.certmail.pec.mailbox.infra.NoticeOutbox;
import it.certmail.pec.mailbox.infra.ServiceNotice;
import it.certmail.pec.mailbox.infra.SmtpNoticeMailer;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.Notice;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;

/**
 * Ciclo di vita delle caselle: what the lifecycle, billing and notices jobs call. Every method is one
 * transaction, so a job is a loop of short transactions: one subscription, one notice at a time.
 */
@Stateless
public class LifecycleService {

    private static final Logger LOG = Logger.getLogger(LifecycleService.class.getName());
    /** notices are given up after this many failed sends (left for admins in the table) */
    public static final int MAX_NOTICE_ATTEMPTS = 10;
    public static final int BATCH = 200;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    PaymentGateway payments;

    @Inject
    SmsGateway sms;

    @Inject
    LifecycleSettings settings;

    @Inject
    PlatformSettings platform;

    @Inject
    MessageStoreService store;

    @Inject
    ClientCredentials credentials;

    @Inject
    Clock clock;

    @Inject
    ProviderKeys keys;

    @EJB
    BillingTransactions transactions;

    private JpaBilling billing() {
        return new JpaBilling(em);
    }

    private JpaLifecycle lifecycle() {
        return new JpaLifecycle(em, billing());
    }

    /** The steps a job performs: {@code billing} charges, {@code lifecycle} everything else. */
    public static Set<LifecycleStep> stepsOf(String job) {
        Set<LifecycleStep> steps = EnumSet.noneOf(LifecycleStep.class);
        for (LifecycleStep s : LifecycleStep.values()) {
            if (s.job().equals(job)) {
                steps.add(s);
            }
        }
        return steps;
    }

    /** Ids of the subscriptions with a step of {@code job} due at {@code now}. */
    public List<Long> due(String job, Instant now) {
        return lifecycle().due(stepsOf(job), now, BATCH);
    }

    /**
     * The next page of subscriptions with a step of {@code job} due at {@code now}, in {@code (due time, id)}
     * order after {@code after} ({@code null}: from the start).
     */
    public List<DueSubscription> due(String job, Instant now, DueSubscription after, int max) {
        return lifecycle().dueAfter(stepsOf(job), now, after == null ? null : after.dueAt(),
                        after == null ? 0 : after.id(), max).stream()
                .map(r -> new DueSubscription(((Number) r[0]).longValue(), (Instant) r[1])).toList();
    }

    /**
     * Performs the common due steps of {@code job} (expiry, disable, cessation, final notice) for a chunk of
     * subscriptions in one transaction with batched writes ({@link LifecycleChunk}). If it throws, nothing of the
     * chunk happened: the caller advances each subscription on its own.
     */
    public ChunkOutcome advanceChunk(List<Long> subscriptionIds, String job, Instant now) {
        LifecycleChunk.Outcome o = new LifecycleChunk(em).advance(subscriptionIds, job, now);
        return new ChunkOutcome(o.steps().size(), o.single());
    }

    /**
     * Performs the due steps of {@code job} for one subscription in a transaction of its own; a due automatic
     * renewal is charged before it, with no transaction open ({@link JpaLifecycle#advance(Checkout, long, String,
     * Instant)}).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<LifecycleStep> advance(long subscriptionId, String job, Instant now) {
        JpaLifecycle lifecycle = lifecycle();
        List<LifecycleStep> done;
        try {
            done = stepsOf(job).contains(LifecycleStep.CHARGE)
                    ? lifecycle.advance(new Checkout(transactions, payments), subscriptionId, job, now)
                    : transactions.inTransaction(() -> lifecycle.advance(subscriptionId, job, now));
        } catch (MailboxException e) {
            throw new IllegalStateException("the lifecycle steps declare no refusal", e);
        }
        if (!done.isEmpty()) {
            LOG.fine(() -> "subscription " + subscriptionId + ": " + done);
        }
        return done;
    }

    /** Queues the expiry notices and client password reminders due at {@code now}; returns how many. */
    public int queueReminders(Instant now) {
        JpaLifecycle l = lifecycle();
        return l.queueExpiryNotices(settings.expiryNotices(), now, settings.holderAreaUrl().orElse(null)) + l.queuePasswordReminders(settings.passwordPolicy(), now);
    }

    /** Notices waiting to be sent, oldest first. */
    public List<Long> pendingNotices() {
        return new NoticeOutbox(em).pending(BATCH, MAX_NOTICE_ATTEMPTS).stream().map(Notice::getId).toList();
    }

    /** Notices queued and never tried yet, oldest first (what {@link PromptNotices} sends right after delivery). */
    public List<Long> untriedNotices() {
        return new NoticeOutbox(em).pending(BATCH, 1).stream().map(Notice::getId).toList();
    }

    /**
     * Sends one notice and marks it sent, or counts the failure. Its row is locked first, so the notices job and a
     * prompt send (or two nodes) never both send it. E-mail and SMS leave before the commit: if the
     * commit then fails the holder may get a notice twice, never none.
     *
     * @return whether it went out
     */
    public boolean sendNotice(long noticeId, Instant now) {
        Notice n = em.find(Notice.class, noticeId, LockModeType.PESSIMISTIC_WRITE);
        if (n == null || n.getSentAt() != null) {
            return false;
        }
        try {
            switch (n.getChannel()) {
                case EMAIL -> {
                    Optional<String> host = settings.smarthost();
                    if (host.isEmpty()) {
                        n.failed("pec.notices.smarthost not set");
                        return false;
                    }
                    SmtpNoticeMailer mailer = new SmtpNoticeMailer(host.get(),
                            settings.from().orElse("noreply@" + platform.domain()));
                    if (n.getAttachedBlobId() == null) {
                        mailer.send(n.getRecipient(), n.getSubject(), n.getBody());
                    } else {
                        long blobId = n.getAttachedBlobId();
                        mailer.sendWithCopy(n.getRecipient(), n.getSubject(), n.getBody(), () -> store.openBlob(blobId));
                    }
                }
                case SMS -> sms.send(n.getRecipient(), n.getBody());
                case PEC -> depositPec(n, now);
            }
            n.sent(now);
            releaseAttachment(n);
            return true;
        } catch (MessagingException | IOException | MailboxNotFoundException | RuntimeException e) {
            n.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
            if (n.getAttempts() >= MAX_NOTICE_ATTEMPTS) {
                releaseAttachment(n); // given up: the copy's bytes are no longer held for it
            }
            LOG.warning(() -> "notice " + noticeId + " to " + n.getRecipient() + " not sent: " + e);
            return false;
        }
    }

    /** The notice's reference on its attached message (a rule's forwarded copy), once. */
    private void releaseAttachment(Notice n) {
        if (n.getAttachedBlobId() != null) {
            store.releaseBlob(n.getAttachedBlobId());
        }
    }

    /**
     * A notice from the provider's service address, S/MIME-signed with the provider key like every generated
     * message, placed in the mailbox's INBOX.
     */
    private void depositPec(Notice n, Instant now) throws MessagingException, IOException, MailboxNotFoundException {
        byte[] signed = ServiceNotice.compose(keys.signer(), n.getRecipient(), n.getSubject(), n.getBody(), now);
        BlobRef blob = store.storeBlob(new ByteArrayInputStream(signed));
        try {
            store.deliver(n.getRecipient(), "INBOX", blob, store.readSummary(blob.id()), List.of(), now);
        } finally {
            store.releaseBlob(blob.id());
        }
    }

    /** The lifecycle of a mailbox for the admin API; empty when it has no plan (e.g. the service mailbox). */
    public Optional<LifecycleView> view(String address) {
        JpaBilling b = billing();
        Optional<Subscription> found = b.find(address);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Subscription s = found.get();
        Instant now = clock.instant();
        StorageUse use = b.usage(s);
        List<String> addOns = b.running(s, now).stream()
                .map(a -> a.getKind() + " x " + a.getUnits() + " until " + a.getExpiresAt()).toList();
        return Optional.of(new LifecycleView(s.getPlan().getCode(), s.getPhase().name(), s.getActivatedAt(),
                s.getExpiresAt(), s.isAutoRenew(), s.getTermYears(), s.getPaymentToken() != null, s.getNextStep(),
                s.getNextStepAt(), use.mailBytes(), use.archiveBytes(), addOns, s.getAlertPhone(), deletionAt(s)));
    }

    private static Instant deletionAt(Subscription s) {
        if (s.getPhase() == LifecyclePhase.CESSATION || s.getPhase() == LifecyclePhase.WITHDRAWN) {
            return s.facts().cessationEndsAt();
        }
        return "PURGE".equals(s.getNextStep()) || "DELETE".equals(s.getNextStep()) ? s.getNextStepAt() : null;
    }

    /**
     * Recesso: the holder withdraws; the mailbox is closed to mail now, its content stays downloadable from the
     * holder's area for 30 days and is then deleted by the lifecycle job (the address stays reserved).
     */
    public void withdraw(String address) throws MailboxNotFoundException {
        JpaBilling b = billing();
        Subscription s = b.require(address);
        String normalized = s.getMailbox().getAddress();
        lifecycle().withdraw(s, clock.instant());
        credentials.passwords().invalidate(normalized);
    }

    public List<Notice> notices(String address) {
        return new NoticeOutbox(em).forMailbox(address.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
