package it.certmail.pec.transport.core;

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

/**
 * Inoltro: hands the recipients of one message in one other domain (a {@link Deliveries.Batch} of delivery rows,
 * leased together) to that domain's hosts over SMTP, in two steps. {@link #attempt} is the network part and runs
 * outside any transaction: it resolves the route (static routes, then MX), offers the stored bytes and returns each
 * recipient's outcome; it writes nothing. {@link #settle} runs in ONE transaction of its caller: each recipient's
 * row handed on, refused, retried on the {@link RetrySchedule} (never past its 24 h limit) or expired, the row's
 * blob reference released when it leaves the queue, and the registro entry (INOLTRO).
 *
 * <p>Nothing is offered to a peer once the message has waited 24 hours (RFC 6109 §2.2.2): by then the 24 h notice
 * has told the sender it was not delivered. The relay issues no notice itself: what a certified recipient never got
 * reaches the sender as the avvisi di mancata consegna per superamento dei tempi massimi of the tracking
 * ({@link DeliveryTimeouts}, RFC 6109 §3.1.6), filed through the one notice route. Rows whose message is gone are
 * held for an operator: no retry can bring it back.
 *
 * <p>A crash between the peer's 250 and the commit of {@link #settle} sends the message again once the lease runs
 * out (at least once on the wire, ADR 0001); our own effects (registro, blob references, the rows' state) happen
 * once, with the settling.
 */
public final class Relay {

    private final Deliveries deliveries;
    private final BlobAccess blobs;
    private final RouteResolver routes;
    private final RecipientDomains domains;
    private final RelayTransport smtp;
    private final OfficialLog log;
    private final ProviderIdentity provider;
    private final RetrySchedule schedule;

    /**
     * What one attempt came to, for {@link #settle}: the batch as it was attempted, with each recipient's outcome
     * (by address), or the reason it cannot be processed at all. While its owner holds the lease nobody else changes
     * the rows, so the settling trusts this copy; each row's lease is checked again when it is settled.
     */
    public record Attempt(Deliveries.Batch batch, Map<String, DeliveryOutcome> outcomes, String holdReason) {

        public Attempt {
            Objects.requireNonNull(batch, "batch");
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        }

        static Attempt unprocessable(Deliveries.Batch batch, String reason) {
            return new Attempt(batch, Map.of(), Objects.requireNonNull(reason, "reason"));
        }

        /** The rows are kept for an operator, never attempted again by themselves. */
        public boolean isHeld() {
            return holdReason != null;
        }
    }

    public Relay(Deliveries deliveries, BlobAccess blobs, RouteResolver routes, RecipientDomains domains,
            RelayTransport smtp, OfficialLog log, ProviderIdentity provider, RetrySchedule schedule) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.domains = Objects.requireNonNull(domains, "domains");
        this.smtp = Objects.requireNonNull(smtp, "smtp");
        this.log = Objects.requireNonNull(log, "log");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.schedule = Objects.requireNonNull(schedule, "schedule");
    }

    /** Leases the next due batches (see {@link Deliveries#claim}), in the caller's transaction. */
    public List<Deliveries.Batch> claim(String owner, int max, int sharers, Instant now) {
        return deliveries.claim(owner, max, sharers, now);
    }

    /**
     * One delivery attempt of a leased batch, outside any transaction; writes nothing. Recipients past their 24 h
     * limit are not offered.
     *
     * @return the per-recipient outcomes; held when its message is gone
     * @throws GeneralSecurityException our trust anchors cannot make a TLS context (nothing was sent)
     */
    public Attempt attempt(Deliveries.Batch batch, Instant now) throws GeneralSecurityException {
        Optional<BlobRef> blob = blobs.find(batch.blobId());
        if (blob.isEmpty()) {
            return Attempt.unprocessable(batch, "the message to relay (blob " + batch.blobId() + ") is gone");
        }
        Map<String, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        List<String> offered = new ArrayList<>();
        for (Deliveries.Recipient r : batch.recipients()) {
            if (mayAttempt(r, now)) {
                offered.add(r.address());
            } else {
                // a peer back after 24 h must not get what the 24 h notice already told the sender was not delivered
                outcomes.put(r.address(), new DeliveryOutcome.TemporaryFailure("not sent: queued 24 hours ago"));
            }
        }
        if (offered.isEmpty()) {
            return new Attempt(batch, outcomes, null);
        }
        RouteResolver.Resolution resolution = routes.resolve(batch.domain());
        if (resolution instanceof RouteResolver.Unroutable u) {
            return allOf(batch, offered, outcomes,
                    new DeliveryOutcome.PermanentFailure("no route to " + batch.domain() + ": " + u.reason()));
        }
        if (resolution instanceof RouteResolver.Deferred d) {
            return allOf(batch, offered, outcomes,
                    new DeliveryOutcome.TemporaryFailure("routing deferred: " + d.reason()));
        }
        List<RelayTarget> targets = ((RouteResolver.Routes) resolution).targets();
        boolean pecPeer = domains.isCertifiedDomain(batch.domain());
        long size = blob.get().size();
        RawMessageSource source = new RawMessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return blobs.open(batch.blobId());
            }
        };
        RelayResult result = smtp.send(targets, pecPeer, batch.mailFrom(), offered, source);
        outcomes.putAll(result.outcomes());
        return new Attempt(batch, outcomes, null);
    }

    /**
     * Settles an attempt in the caller's transaction, each recipient on its own row: handed on, refused, retried,
     * given up at its 24 h limit, or held. A row no longer this owner's (its lease ran out and another loop took it)
     * is left as it is; the registro names only the rows settled here.
     */
    public void settle(Attempt attempt, String owner, Instant now) {
        Deliveries.Batch batch = attempt.batch();
        if (attempt.isHeld()) {
            batch.ids().forEach(id -> deliveries.hold(id, owner, attempt.holdReason()));
            return;
        }
        List<String> settled = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int leftQueue = 0;
        for (Deliveries.Recipient r : batch.recipients()) {
            DeliveryOutcome o = attempt.outcomes().getOrDefault(r.address(),
                    new DeliveryOutcome.TemporaryFailure("no outcome"));
            boolean ours;
            boolean over = true;
            if (o instanceof DeliveryOutcome.Delivered) {
                ours = deliveries.handedOn(r.id(), owner);
                if (ours) {
                    delivered.add(r.address());
                }
            } else if (o instanceof DeliveryOutcome.TemporaryFailure) {
                if (schedule.isExpired(r.queuedAt(), now)) {
                    // RFC 6109 §2.2.2: nothing waits more than 24 h; the 24 h notice tells the sender
                    ours = deliveries.expired(r.id(), owner, "gave up after 24 hours: " + o.detail());
                } else {
                    // never later than the deadline: given up when the 24 h notice is due, not hours after
                    RetrySchedule.Decision next = schedule.afterFailure(r.attempts() + 1, r.queuedAt(), now);
                    ours = deliveries.retry(r.id(), owner, ((RetrySchedule.RetryAt) next).when(), o.detail());
                    over = false;
                }
            } else {
                ours = deliveries.refused(r.id(), owner, o.detail());
            }
            if (!ours) {
                continue;
            }
            settled.add(r.address());
            if (!(o instanceof DeliveryOutcome.Delivered)) {
                problems.add(r.address() + ": " + o.detail());
            }
            if (over) {
                leftQueue++;
            }
        }
        if (settled.isEmpty()) {
            return;
        }
        MessageSummary summary = summary(batch.blobId());
        log.record(new LogEvent(LogEventType.INOLTRO, now, PecMessageIds.withoutAngles(summary.messageId()),
                null, batch.mailFrom(), settled, summary.subject(), List.of(), provider.providerName(),
                "to " + batch.domain() + ": delivered " + delivered + (problems.isEmpty() ? "" : "; " + problems)));
        // each row's own reference on the blob goes with the row, once it leaves the queue
        blobs.release(batch.blobId(), leftQueue);
    }

    /**
     * An attempt threw (a bug, the database away): each row still this owner's is offered again on the schedule,
     * one more attempt counted; the next attempt gives it up at its 24 h limit.
     */
    public void attemptFailed(Deliveries.Batch batch, String owner, String error, Instant now) {
        for (Deliveries.Recipient r : batch.recipients()) {
            // never later than its limit: the attempt then gives it up at once, not one retry interval after
            Instant at = schedule.afterFailure(r.attempts() + 1, r.queuedAt(), now) instanceof RetrySchedule.RetryAt
                    retry ? retry.when() : now;
            deliveries.retry(r.id(), owner, at, error);
        }
    }

    private boolean mayAttempt(Deliveries.Recipient r, Instant now) {
        return schedule.mayAttempt(r.queuedAt(), now) && (r.expireAt() == null || now.isBefore(r.expireAt()));
    }

    /** The Message-ID and subject the registro names, read from the header of the stored message. */
    private MessageSummary summary(long blobId) {
        try (InputStream in = blobs.open(blobId)) {
            return MessageSummaryReader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Attempt allOf(Deliveries.Batch batch, List<String> offered, Map<String, DeliveryOutcome> outcomes,
            DeliveryOutcome outcome) {
        Map<String, DeliveryOutcome> all = new LinkedHashMap<>(outcomes);
        offered.forEach(r -> all.put(r, outcome));
        return new Attempt(batch, all, null);
    }
}
