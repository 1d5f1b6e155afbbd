package it.certmail.pec.transport.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.transport.domain.DeliveryDeadlines;

/**
 * Avvisi di mancata consegna per superamento dei tempi massimi (RFC 6109 §3.1.6): the certified recipients of our
 * transmissions whose 12 h or 24 h deadline has passed get their notice, once, sent like every notice we issue
 * ({@link NoticeRoute#send}), with its registro entry; each then gets its next check.
 *
 * <p>A bad row never blocks the batch: each recipient's notice is read and composed (the part that fails on bad
 * data) before anything of it is written, and a failure there holds only that recipient, with its error and a
 * growing wait ({@link #heldDelay}), in the same transaction; the others go on. A failure that spoils the
 * transaction itself (the database, the notice route) is thrown: the caller rolls the batch back and redoes it one
 * recipient per transaction, holding the one that fails with {@link #hold}.
 */
public final class DeliveryTimeouts {

    /** The first wait of a held recipient; it doubles with each failure in a row, up to {@link #MAX_HELD_DELAY}. */
    public static final Duration FIRST_HELD_DELAY = Duration.ofMinutes(5);
    public static final Duration MAX_HELD_DELAY = Duration.ofHours(1);

    private final TrackedRecipients rows;
    private final NoticeRoute notices;
    private final OfficialLog log;
    private final Supplier<PecMessageComposer> composers;
    private final ProviderIdentity provider;
    private final DeliveryDeadlines deadlines;

    public DeliveryTimeouts(TrackedRecipients rows, NoticeRoute notices, OfficialLog log,
            Supplier<PecMessageComposer> composers, ProviderIdentity provider, DeliveryDeadlines deadlines) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.log = Objects.requireNonNull(log, "log");
        this.composers = Objects.requireNonNull(composers, "composers");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.deadlines = Objects.requireNonNull(deadlines, "deadlines");
    }

    /** The recipients whose next deadline check has come, oldest first: the timeouts job's next batch. */
    public List<Long> due(int max, Instant now) {
        return rows.due(now, max);
    }

    /**
     * Every one of these recipients whose deadline has passed gets its notice, once, and its next check, in the
     * caller's transaction; one whose notice cannot be made is held with its error instead, and the others go on.
     *
     * @return how many notices were sent
     * @throws IllegalStateException the notice route failed: the caller rolls the batch back
     */
    public int send(List<Long> ids, Instant now) {
        int sent = 0;
        for (Long id : ids) {
            Optional<TrackedRecipients.Tracked> found = rows.find(id);
            // gone, or already rescheduled by a receipt or another run: nothing due
            if (found.isEmpty() || found.get().nextCheckAt() == null || found.get().nextCheckAt().isAfter(now)) {
                continue;
            }
            TrackedRecipients.Tracked r = found.get();
            Optional<TimeoutStage> stage = deadlines.due(r.tracking(), now);
            if (stage.isEmpty()) {
                rows.nextCheckAt(id, nextCheck(r, r.tracking()));
                continue;
            }
            Optional<Composed> composed = compose(r, stage.get(), now);
            if (composed.isPresent()) {
                send(r, stage.get(), composed.get(), now);
                sent++;
            }
        }
        return sent;
    }

    /**
     * Holds a recipient whose notice failed, in a transaction of its own (the job's last resort, after the batch and
     * then this recipient alone were rolled back): its error and a growing wait, never every run.
     */
    public void hold(long id, String error, Instant now) {
        rows.find(id).filter(r -> r.nextCheckAt() != null).ifPresent(r -> hold(r, error, now));
    }

    /** How long a recipient whose notice failed {@code failures} times in a row waits before the next attempt. */
    public static Duration heldDelay(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 10));
        Duration d = FIRST_HELD_DELAY.multipliedBy(1L << doublings);
        return d.compareTo(MAX_HELD_DELAY) > 0 ? MAX_HELD_DELAY : d;
    }

    private record Composed(TransactionFacts tx, MimeMessage notice) {
    }

    /**
     * Reads the transmission's facts and composes and signs the notice: writes nothing, so a failure here leaves the
     * transaction good for the other recipients. Empty when it failed (the recipient is then held).
     */
    private Optional<Composed> compose(TrackedRecipients.Tracked r, TimeoutStage stage, Instant now) {
        try {
            TransactionFacts tx = rows.facts(r.id());
            return Optional.of(new Composed(tx, composers.get().deliveryTimeout(tx, r.recipient(), stage, now)));
        } catch (MessagingException | RuntimeException e) {
            hold(r, "cannot compose the " + stage + " notice for " + r.recipient() + ": " + e.getMessage(), now);
            return Optional.empty();
        }
    }

    private void send(TrackedRecipients.Tracked r, TimeoutStage stage, Composed c, Instant now) {
        try {
            notices.send(c.notice(), PecMessageKind.DELIVERY_TIMEOUT, List.of(c.tx().sender()), now);
            boolean warning = stage == TimeoutStage.WARNING_12_HOURS;
            DeliveryDeadlines.Tracking t = r.tracking();
            DeliveryDeadlines.Tracking after = new DeliveryDeadlines.Tracking(t.dispatchedAt(), t.takenChargeAt(),
                    t.deliveredAt(), t.warningSent() || warning, t.finalSent() || !warning);
            rows.noticeSent(r.id(), stage, nextCheck(r, after));
            TransactionFacts tx = c.tx();
            log.record(new LogEvent(warning ? LogEventType.MANCATA_CONSEGNA_12H : LogEventType.MANCATA_CONSEGNA_24H,
                    now, tx.identifier(), tx.msgid(), tx.sender(), List.of(r.recipient()), tx.subject(),
                    List.of(c.notice().getMessageID()), provider.providerName(), null));
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot send the " + stage + " notice for " + r.recipient() + ": "
                    + e.getMessage(), e);
        }
    }

    /** When a recipient in this state next needs a look: never for one that is not certified, or whose tracking ended. */
    private Instant nextCheck(TrackedRecipients.Tracked r, DeliveryDeadlines.Tracking t) {
        return r.certified() ? deadlines.nextCheck(t).orElse(null) : null;
    }

    private void hold(TrackedRecipients.Tracked r, String error, Instant now) {
        rows.hold(r.id(), error, now.plus(heldDelay(r.noticeFailures() + 1)));
    }
}
