package it.certmail.pec.transport.core;

import static it.certmail.pec.transport.model.WorkQueue.RELAY;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.transport.domain.DeliveryOutcome;
import it.certmail.pec.transport.domain.RawMessageSource;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RelayTarget;
import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.domain.RouteResolver;
import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.WorkQueue;

/**
 * Inoltro: hands one claimed piece of relay work (a message for one other domain) to that domain's hosts over SMTP,
 * in two steps. {@link #attempt} is the network part and runs outside any transaction: it resolves the route
 * (static routes, then MX), offers the stored bytes and returns each recipient's outcome; it writes nothing.
 * {@link #settle} runs in ONE transaction of its caller: the registro entry (INOLTRO), then the item done, retried
 * for the recipients that failed for now (on the {@link RetrySchedule}, never past the 24 h limit), or failed for
 * good, the work's blob reference released with it.
 *
 * <p>Nothing is offered to a peer once the message has waited 24 hours (RFC 6109 §2.2.2): by then the 24 h notice
 * has told the sender it was not delivered. The relay issues no notice itself: what a certified recipient never got
 * reaches the sender as the avvisi di mancata consegna per superamento dei tempi massimi of the tracking
 * ({@link DeliveryTimeouts}, RFC 6109 §3.1.6), filed through the one notice route. Work whose message is gone is
 * held for an admin: no retry can bring it back.
 *
 * <p>A crash between the peer's 250 and the commit of {@link #settle} sends the message again once the lease runs
 * out (at least once on the wire, ADR 0001); our own effects (registro, blob reference, the item's state) happen
 * once, with the settling.
 */
public final class Relay {

    private final WorkQueue queue;
    private final BlobAccess blobs;
    private final RouteResolver routes;
    private final RecipientDomains domains;
    private final RelayTransport smtp;
    private final OfficialLog log;
    private final ProviderIdentity provider;
    private final RetrySchedule schedule;

    /**
     * What one attempt came to, for {@link #settle}: the work as it was attempted, with each recipient's outcome, or
     * the reason it cannot be processed at all; {@link #NOT_OURS} when the work was not this owner's to attempt.
     * While its owner holds the lease nobody else changes the work, so the settling trusts this copy; the queue
     * checks the lease again when the work is settled.
     */
    public record Attempt(WorkQueue.Work work, Map<String, DeliveryOutcome> outcomes, String holdReason) {

        /** Nothing to settle. */
        public static final Attempt NOT_OURS = new Attempt(null, Map.of(), null);

        public Attempt {
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }

        static Attempt unprocessable(WorkQueue.Work work, String reason) {
            return new Attempt(work, Map.of(), Objects.requireNonNull(reason, "reason"));
        }

        /** The work is kept for an admin, never attempted again. */
        public boolean isHeld() {
            return holdReason != null;
        }

        /** Nothing to settle: the work was not this owner's. */
        public boolean isEmpty() {
            return work == null;
        }
    }

    public Relay(WorkQueue queue, BlobAccess blobs, RouteResolver routes, RecipientDomains domains,
            RelayTransport smtp, OfficialLog log, ProviderIdentity provider, RetrySchedule schedule) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.log = Objects.requireNonNull(log, "log");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /**
     * One delivery attempt of a claimed relay item, outside any transaction; writes nothing.
     *
     * @return the per-recipient outcomes; held when its message is gone; {@link Attempt#NOT_OURS} when the item is
     *         not this owner's
     * @throws GeneralSecurityException our trust anchors cannot make a TLS context (nothing was sent)
     */
    public Attempt attempt(long workId, String owner, Instant now) throws GeneralSecurityException {
        Optional<WorkQueue.Work> leased = queue.find(workId).filter(w -> w.queue() == RELAY
                && w.state() == WorkState.QUEUED && owner.equals(w.leaseOwner()));
        if (leased.isEmpty()) {
            return Attempt.NOT_OURS;
        }
        WorkQueue.Work item = leased.get();
        Optional<BlobRef> blob = blobs.find(item.blobId());
        if (blob.isEmpty()) {
            return Attempt.unprocessable(item, "the message to relay (blob " + item.blobId() + ") is gone");
        }
        if (!schedule.mayAttempt(item.createdAt(), now)) {
            // a peer back after 24 h must not get what the 24 h notice already told the sender was not delivered
            return allOf(item, new DeliveryOutcome.TemporaryFailure("not sent: queued 24 hours ago"));
        }
        RouteResolver.Resolution resolution = routes.resolve(item.target());
        if (resolution instanceof RouteResolver.Unroutable u) {
            return allOf(item, new DeliveryOutcome.PermanentFailure("no route to " + item.target() + ": " + u.reason()));
        }
        if (resolution instanceof RouteResolver.Deferred d) {
            return allOf(item, new DeliveryOutcome.TemporaryFailure("routing deferred: " + d.reason()));
        }
        List<RelayTarget> targets = ((RouteResolver.Routes) resolution).targets();
        boolean pecPeer = domains.isCertifiedDomain(item.target());
        long size = blob.get().size();
        RawMessageSource source = new RawMessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return blobs.open(item.blobId());
            }
        };
        RelayResult result = smtp.send(targets, pecPeer, item.mailFrom(), item.recipients(), source);
        return new Attempt(item, result.outcomes(), null);
    }

    /**
     * Settles an attempt in the caller's transaction: done, retried for the recipients that failed for now, failed
     * for good (refused, or given up at the 24 h limit), or held. Nothing when the item is no longer this owner's
     * (its lease ran out and another node took it): the queue refuses the settling, and nothing else is written.
     */
    public void settle(Attempt attempt, String owner, Instant now) {
        if (attempt.isEmpty()) {
            return;
        }
        WorkQueue.Work item = attempt.work();
        if (attempt.isHeld()) {
            queue.hold(item.id(), owner, attempt.holdReason());
            return;
        }
        List<String> retry = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String rcpt : item.recipients()) {
            DeliveryOutcome o = attempt.outcomes().getOrDefault(rcpt,
                    new DeliveryOutcome.TemporaryFailure("no outcome"));
            if (o instanceof DeliveryOutcome.Delivered) {
                delivered.add(rcpt);
            } else {
                if (o instanceof DeliveryOutcome.TemporaryFailure) {
                    retry.add(rcpt);
                }
                problems.add(rcpt + ": " + o.detail());
            }
        }
        boolean ours;
        boolean over;
        if (retry.isEmpty()) {
            ours = delivered.isEmpty() ? queue.giveUp(item.id(), owner, String.join("; ", problems))
                    : queue.complete(item.id(), owner);
            over = true;
        } else if (schedule.isExpired(item.createdAt(), now)) {
            // RFC 6109 §2.2.2: nothing waits more than 24 h; the 24 h notice tells the sender
            ours = queue.giveUp(item.id(), owner, "gave up after 24 hours: " + String.join("; ", problems));
            over = true;
        } else {
            // never later than the deadline: the item is given up when the 24 h notice is due, not hours after
            RetrySchedule.Decision next = schedule.afterFailure(item.attempts() + 1, item.createdAt(), now);
            ours = queue.retry(item.id(), owner, retry, ((RetrySchedule.RetryAt) next).when(),
                    String.join("; ", problems));
            over = false;
        }
        if (!ours) {
            return;
        }
        MessageSummary summary = summary(item);
        log.record(new LogEvent(LogEventType.INOLTRO, now, PecMessageIds.withoutAngles(summary.messageId()),
                null, item.mailFrom(), item.recipients(), summary.subject(), List.of(), provider.providerName(),
                "to " + item.target() + ": delivered " + delivered + (problems.isEmpty() ? "" : "; " + problems)));
        if (over) {
            // the work's own reference on its blob goes with the work
            blobs.release(item.blobId());
        }
    }

    /** The Message-ID and subject the registro names, read from the header of the stored message. */
    private MessageSummary summary(WorkQueue.Work item) {
        try (InputStream in = blobs.open(item.blobId())) {
            return MessageSummaryReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Attempt allOf(WorkQueue.Work item, DeliveryOutcome outcome) {
        Map<String, DeliveryOutcome> all = new LinkedHashMap<>();
        item.recipients().forEach(r -> all.put(r, outcome));
        return new Attempt(item, all, null);
    }
}
