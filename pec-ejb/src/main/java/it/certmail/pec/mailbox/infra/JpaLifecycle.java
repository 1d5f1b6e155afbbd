package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import it.certmail.pec.mailbox.billing.domain.ChargeRequest;
import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.billing.domain.PlanTerms;
import it.certmail.pec.mailbox.billing.infra.JpaBilling;
import it.certmail.pec.mailbox.billing.model.Subscription;
import it.certmail.pec.mailbox.domain.LifecycleMachine;
import it.certmail.pec.mailbox.domain.LifecycleStep;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.PendingStep;
import it.certmail.pec.mailbox.domain.ReminderSchedule;
import it.certmail.pec.mailbox.domain.PasswordPolicy;
import it.certmail.pec.mailbox.model.LifecycleFacts;
import it.certmail.pec.mailbox.model.LifecyclePhase;
import it.certmail.pec.mailbox.model.LifecycleStepDone;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.Notice;

/**
 * Ciclo di vita sul database: finds the subscriptions whose next step is due and performs it, with its notices
 * and deletions, in the caller's transaction. Each step is recorded in {@code lifecycle_step} under its key
 * (mailbox, period, step, attempt), and the facts move with it, so running a job twice (or again after a crash)
 * does nothing twice.
 */
public class JpaLifecycle {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(JpaBilling.ZONE);
    /** at most this many steps for one mailbox in one call (a catch-up after a long stop needs three) */
    private static final int MAX_STEPS = 20;

    private final EntityManager em;
    private final JpaBilling billing;

    public JpaLifecycle(EntityManager em, JpaBilling billing) {
        this.em = Objects.requireNonNull(em, "em");
        this.billing = Objects.requireNonNull(billing, "billing");
    }

    /** Ids of the subscriptions whose next step is one of {@code steps} and due at {@code now}, oldest first. */
    public List<Long> due(Collection<LifecycleStep> steps, Instant now, int max) {
        return em.createNamedQuery(Subscription.DUE, Long.class).setParameter("now", now)
                .setParameter("steps", steps.stream().map(Enum::name).toList()).setMaxResults(max).getResultList();
    }

    /**
     * The next page of due subscriptions after {@code (afterAt, afterId)} in {@code (next_step_at, id)} order
     * (keyset pagination: a page costs the same wherever it starts); {@code afterAt == null} for the first page.
     *
     * @return pairs of id and due time, in that order
     */
    public List<Object[]> dueAfter(Collection<LifecycleStep> steps, Instant now, Instant afterAt, long afterId, int max) {
        List<String> names = steps.stream().map(Enum::name).toList();
        if (afterAt == null) {
            return em.createQuery("SELECT s.id, s.nextStepAt FROM Subscription s WHERE s.nextStepAt <= :now"
                            + " AND s.nextStep IN :steps ORDER BY s.nextStepAt, s.id", Object[].class)
                    .setParameter("now", now).setParameter("steps", names).setMaxResults(max).getResultList();
        }
        // the redundant lower bound lets the index on next_step_at start the scan at the cursor
        return em.createQuery("SELECT s.id, s.nextStepAt FROM Subscription s WHERE s.nextStepAt <= :now"
                        + " AND s.nextStep IN :steps AND s.nextStepAt >= :at"
                        + " AND (s.nextStepAt > :at OR s.id > :id) ORDER BY s.nextStepAt, s.id", Object[].class)
                .setParameter("now", now).setParameter("steps", names).setParameter("at", afterAt)
                .setParameter("id", afterId).setMaxResults(max).getResultList();
    }

    /**
     * Performs the due steps of {@code job} for one subscription, in order, until the next one is not due or
     * belongs to another job, or is a charge (made outside the transaction: see the other forms).
     *
     * @return the steps performed (empty when nothing was due, e.g. another node did it)
     */
    public List<LifecycleStep> advance(long subscriptionId, String job, Instant now) {
        return advance(subscriptionId, job, now, Optional.empty());
    }

    /**
     * Performs the due steps of {@code job} for one subscription, each transaction through {@code checkout}: a due
     * automatic renewal is charged between {@link #dueCharge} and the steps, with no transaction open; a run that
     * dies after the charge asks again with the same idempotency key, and the gateway does not charge twice.
     * Call it with no transaction open.
     */
    public List<LifecycleStep> advance(Checkout checkout, long subscriptionId, String job, Instant now)
            throws MailboxException {
        return checkout.pay(() -> dueCharge(subscriptionId, job, now),
                charged -> advance(subscriptionId, job, now, charged));
    }

    /**
     * The charge the next due step of {@code job} needs (the automatic renewal), to make outside the transaction
     * before {@link #advance(long, String, Instant, Optional)}; empty when no charge is due.
     */
    public Optional<ChargeRequest> dueCharge(long subscriptionId, String job, Instant now) {
        Subscription s = em.find(Subscription.class, subscriptionId);
        if (s == null) {
            return Optional.empty();
        }
        Optional<PendingStep> next = LifecycleMachine.next(s.facts(), JpaBilling.terms(s.getPlan()).policy());
        if (next.isEmpty() || !next.get().isDue(now) || !next.get().step().job().equals(job)
                || next.get().step() != LifecycleStep.CHARGE || isDone(s.getMailbox().getId(), next.get().key(s.getExpiresAt()))) {
            return Optional.empty();
        }
        return Optional.of(billing.automaticRenewalCharge(s, next.get().attempt()));
    }

    /**
     * As {@link #advance(long, String, Instant)}, with the gateway's answer to the charge {@link #dueCharge}
     * asked for. A due charge without its answer (or with another one's) stops the steps before it, not done:
     * the next run asks for it again, with the same idempotency key.
     */
    public List<LifecycleStep> advance(long subscriptionId, String job, Instant now, Optional<Checkout.Charged> charged) {
        Subscription s = em.find(Subscription.class, subscriptionId, LockModeType.PESSIMISTIC_WRITE);
        List<LifecycleStep> done = new ArrayList<>();
        while (s != null && done.size() < MAX_STEPS) {
            PlanTerms terms = JpaBilling.terms(s.getPlan());
            Optional<PendingStep> next = LifecycleMachine.next(s.facts(), terms.policy());
            if (next.isEmpty() || !next.get().isDue(now) || !next.get().step().job().equals(job)) {
                break;
            }
            PendingStep step = next.get();
            Mailbox m = s.getMailbox();
            String key = step.key(s.getExpiresAt());
            if (isDone(m.getId(), key)) {
                // the facts did not move with the record: never repeat, leave it to an admin
                break;
            }
            Optional<Checkout.Charged> answer = Optional.empty();
            if (step.step() == LifecycleStep.CHARGE) {
                ChargeRequest needed = billing.automaticRenewalCharge(s, step.attempt());
                answer = charged.filter(c -> c.request().equals(needed));
                if (answer.isEmpty()) {
                    break;
                }
            }
            em.persist(new LifecycleStepDone(m.getId(), key, step.step().name(), now, null));
            done.add(step.step());
            if (perform(s, terms, step, answer, now)) {
                return done;
            }
        }
        if (s != null) {
            billing.reschedule(s);
            em.flush();
        }
        return done;
    }

    /**
     * Withdrawal (recesso) by the holder: the mailbox is closed to mail now (no sending, reception refused, no
     * IMAP/POP3), its add-ons end, and its content stays downloadable from the web area for
     * {@link LifecycleMachine#WITHDRAWAL_DAYS} days, after which the lifecycle job deletes it (the address stays
     * reserved). The reference e-mail is told now and again a few days before the deletion. Withdrawing a mailbox
     * already withdrawn or closed changes nothing.
     */
    public void withdraw(Subscription s, Instant now) {
        if (s.getPhase() == LifecyclePhase.WITHDRAWN || s.getPhase() == LifecyclePhase.CLOSED) {
            return;
        }
        Mailbox m = s.getMailbox();
        LifecycleFacts after = LifecycleMachine.withdrawn(s.facts(), now);
        s.apply(after, now);
        billing.endAddOns(s, now);
        LifecycleNotices.Draft notice = LifecycleNotices.withdrawal(m.getAddress(), after);
        new NoticeOutbox(em).add(m, notice.channel(), null, notice.subject(), notice.body(), "withdrawal/" + now, now);
        billing.reschedule(s);
        em.flush();
    }

    private boolean isDone(long mailboxId, String key) {
        return em.createNamedQuery(LifecycleStepDone.EXISTS, Long.class).setParameter("mailbox", mailboxId)
                .setParameter("key", key).getSingleResult() > 0;
    }

    /** @return whether the mailbox is gone (purged or deleted) */
    private boolean perform(Subscription s, PlanTerms terms, PendingStep step, Optional<Checkout.Charged> charged,
            Instant now) {
        Mailbox m = s.getMailbox();
        NoticeOutbox notices = new NoticeOutbox(em);
        String period = String.valueOf(s.getExpiresAt());
        switch (step.step()) {
            case CHARGE -> {
                Checkout.Charged c = charged.orElseThrow();
                boolean paid = billing.chargeRenewal(s, step.attempt(), c.request(), c.result(), now);
                if (!paid && step.attempt() == 1) {
                    notices.add(m, Notice.Channel.SMS, s.getAlertPhone(), "Pagamento non riuscito",
                            "PEC " + m.getAddress() + ": il rinnovo non è stato addebitato. Ritenteremo ogni giorno:"
                                    + " verifica il metodo di pagamento.", period + "/charge-failed", now);
                }
                if (paid) {
                    notices.add(m, Notice.Channel.EMAIL, null, "Rinnovo della casella PEC " + m.getAddress(),
                            "La casella " + m.getAddress() + " è stata rinnovata fino al " + DAY.format(s.getExpiresAt())
                                    + ".", period + "/renewed", now);
                }
            }
            default -> {
                LifecycleFacts after = LifecycleMachine.after(s.facts(), step.step(), terms.policy());
                s.apply(after, now);
                LifecycleNotices.of(step.step(), m.getAddress(), after, terms.policy()).ifPresent(d ->
                        notices.add(m, d.channel(), s.getAlertPhone(), d.subject(), d.body(), d.key(), now));
                if (step.step() == LifecycleStep.PURGE || step.step() == LifecycleStep.DELETE) {
                    new MailboxContent(em).purge(m, now);
                    return true;
                }
                if (LifecycleNotices.endsServices(step.step(), terms.policy())) {
                    if (terms.policy().deleteArchiveOnExpiry()) {
                        new MailboxContent(em).deleteArchive(m);
                    }
                    billing.endAddOns(s, now);
                }
                if (step.step() == LifecycleStep.EXPIRE) {
                    billing.applyQuota(s, now);
                }
            }
        }
        em.flush();
        return false;
    }

    // ---- reminders (the notices job)

    /**
     * Queues the expiry notices due at {@code now} for mailboxes that do not renew automatically.
     *
     * @return notices queued
     */
    /** The renewal page of {@code address} in the holder's area (it asks for the sign-in first). */
    static String renewalLink(String holderAreaUrl, String address) {
        String base = holderAreaUrl.endsWith("/") ? holderAreaUrl.substring(0, holderAreaUrl.length() - 1) : holderAreaUrl;
        return base + "/my/renew.xhtml?mailbox=" + java.net.URLEncoder.encode(address, java.nio.charset.StandardCharsets.UTF_8);
    }

    public int queueExpiryNotices(ReminderSchedule schedule, Instant now) {
        return queueExpiryNotices(schedule, now, null);
    }

    /**
     * @param holderAreaUrl the holder's area as holders reach it (e.g. {@code https://pec.example.it}); when set,
     *                      each notice carries a quick-renewal link to the renewal page of its mailbox
     */
    public int queueExpiryNotices(ReminderSchedule schedule, Instant now, String holderAreaUrl) {
        if (schedule.daysBefore().isEmpty()) {
            return 0;
        }
        Instant horizon = now.plus(java.time.Duration.ofDays(schedule.daysBefore().get(0)));
        List<Subscription> subs = em.createQuery("SELECT s FROM Subscription s WHERE s.autoRenew = FALSE"
                        + " AND s.phase = :phase AND s.expiresAt > :now AND s.expiresAt <= :horizon", Subscription.class)
                .setParameter("phase", LifecyclePhase.ACTIVE).setParameter("now", now).setParameter("horizon", horizon)
                .getResultList();
        int queued = 0;
        NoticeOutbox notices = new NoticeOutbox(em);
        for (Subscription s : subs) {
            Optional<Integer> days = schedule.due(s.getExpiresAt(), now);
            if (days.isEmpty()) {
                continue;
            }
            Mailbox m = s.getMailbox();
            String key = s.getExpiresAt() + "/expiry-notice/" + days.get();
            if (isDone(m.getId(), key)) {
                continue;
            }
            em.persist(new LifecycleStepDone(m.getId(), key, "EXPIRY_NOTICE", now, days.get() + " days"));
            notices.add(m, Notice.Channel.EMAIL, null, "La casella PEC " + m.getAddress() + " scade il "
                            + DAY.format(s.getExpiresAt()),
                    "La casella " + m.getAddress() + " (piano " + s.getPlan().getName() + ") scade il "
                            + DAY.format(s.getExpiresAt()) + ". Rinnovala per continuare a spedire e ricevere."
                            + (holderAreaUrl == null ? "" : "\nRinnovo rapido: " + renewalLink(holderAreaUrl, m.getAddress())),
                    key, now);
            queued++;
        }
        return queued;
    }

    /**
     * Queues the client password reminders due at {@code now}.
     *
     * @return notices queued
     */
    public int queuePasswordReminders(PasswordPolicy policy, Instant now) {
        if (policy.reminders().daysBefore().isEmpty()) {
            return 0;
        }
        // set between lifetime and (lifetime - first reminder) ago: inside the reminder window
        Instant oldest = now.minus(policy.clientLifetime());
        Instant newest = oldest.plus(java.time.Duration.ofDays(policy.reminders().daysBefore().get(0)));
        List<Mailbox> mailboxes = em.createQuery("SELECT m FROM Mailbox m WHERE m.clientPasswordSetAt > :oldest"
                        + " AND m.clientPasswordSetAt <= :newest", Mailbox.class)
                .setParameter("oldest", oldest.atOffset(java.time.ZoneOffset.UTC))
                .setParameter("newest", newest.atOffset(java.time.ZoneOffset.UTC)).getResultList();
        int queued = 0;
        NoticeOutbox notices = new NoticeOutbox(em);
        for (Mailbox m : mailboxes) {
            if (!m.getStatus().canLogin()) {
                continue;
            }
            Instant setAt = m.getClientPasswordSetAt().toInstant();
            Optional<Integer> days = policy.reminderDue(setAt, now);
            if (days.isEmpty()) {
                continue;
            }
            String key = setAt + "/password-reminder/" + days.get();
            if (isDone(m.getId(), key)) {
                continue;
            }
            em.persist(new LifecycleStepDone(m.getId(), key, "PASSWORD_REMINDER", now, days.get() + " days"));
            notices.add(m, Notice.Channel.EMAIL, null, "La password dei client della casella PEC scade tra "
                            + days.get() + (days.get() == 1 ? " giorno" : " giorni"),
                    "La password per IMAP, POP3 e SMTP della casella " + m.getAddress() + " scade il "
                            + DAY.format(policy.clientExpiresAt(setAt)) + ": generane una nuova prima di quella data.",
                    key, now);
            queued++;
        }
        return queued;
    }
}
