package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.infra.BlobStore;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.domain.DeliveryOutcome;
import it.certmail.pec.transport.domain.RawMessageSource;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.domain.RouteResolver;
import it.certmail.pec.transport.infra.DnsMxLookup;
import it.certmail.pec.transport.infra.smtp.SmtpRelayClient;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkState;

/**
 * Hands queued messages to other hosts over SMTP: to other PEC providers with STARTTLS required and their
 * certificate checked against our trust anchors (RFC 6109 §5.3), to ordinary mail servers with STARTTLS when
 * offered. The network part runs outside any transaction; its outcome is settled in one.
 */
@Stateless
public class RelayService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    TransportSettings transport;

    @Inject
    PlatformSettings settings;

    @Inject
    ProviderKeys keys;

    @Inject
    ProviderIndexService index;

    @Inject
    Dispatcher dispatcher;

    @Inject
    PecLog log;

    @Inject
    Clock clock;

    private final RetrySchedule schedule = RetrySchedule.standard();
    private RouteResolver routes;

    @PostConstruct
    void init() {
        routes = new RouteResolver(transport.routes(), new DnsMxLookup());
    }

    /** One delivery attempt of a claimed RELAY item; returns the per-recipient outcomes (empty if not ours). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Map<String, DeliveryOutcome> attempt(long workItemId, String owner) throws GeneralSecurityException {
        WorkItem item = em.find(WorkItem.class, workItemId);
        if (item == null || item.getState() != WorkState.QUEUED || !owner.equals(item.getLeaseOwner())) {
            return Map.of();
        }
        if (!schedule.mayAttempt(item.getCreatedAt(), clock.instant())) {
            // a peer back after 24 h must not get what the 24 h notice already told the sender was not delivered
            return allOf(item, new DeliveryOutcome.TemporaryFailure("not sent: queued 24 hours ago"));
        }
        RouteResolver.Resolution resolution = routes.resolve(item.getTarget());
        if (resolution instanceof RouteResolver.Unroutable u) {
            return allOf(item, new DeliveryOutcome.PermanentFailure("no route to " + item.getTarget() + ": " + u.reason()));
        }
        if (resolution instanceof RouteResolver.Deferred d) {
            return allOf(item, new DeliveryOutcome.TemporaryFailure("routing deferred: " + d.reason()));
        }
        List<it.certmail.pec.transport.domain.RelayTarget> targets = ((RouteResolver.Routes) resolution).targets();
        boolean pecPeer = index.index().isCertifiedDomain(item.getTarget());
        SSLContext trust = TlsContexts.client(keys.trustAnchors());
        SmtpRelayClient.TlsPolicy tls = (pecPeer ? SmtpRelayClient.TlsPolicy.required(trust)
                : SmtpRelayClient.TlsPolicy.opportunistic(trust)).withVerifyHostname(transport.verifyHostname() && pecPeer);
        SmtpRelayClient client = new SmtpRelayClient(SmtpRelayClient.Settings.defaults(settings.domain()), tls);
        BlobStore blobs = dispatcher.blobs();
        long size = blobs.find(item.getBlobId()).orElseThrow().size();
        RawMessageSource source = new RawMessageSource() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return blobs.open(item.getBlobId());
            }
        };
        RelayResult result = client.send(targets, item.getMailFrom(), item.getRecipients(), source);
        return result.outcomes();
    }

    /** Settles an attempt: done, retried for the recipients that failed temporarily, or failed after 24 hours. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void settle(long workItemId, String owner, Map<String, DeliveryOutcome> outcomes) {
        WorkItem item = em.find(WorkItem.class, workItemId);
        if (item == null || item.getState() != WorkState.QUEUED || !owner.equals(item.getLeaseOwner())
                || outcomes.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<String> retry = new ArrayList<>();
        List<String> delivered = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String rcpt : item.getRecipients()) {
            DeliveryOutcome o = outcomes.getOrDefault(rcpt, new DeliveryOutcome.TemporaryFailure("no outcome"));
            if (o instanceof DeliveryOutcome.Delivered) {
                delivered.add(rcpt);
            } else {
                if (o instanceof DeliveryOutcome.TemporaryFailure) {
                    retry.add(rcpt);
                }
                problems.add(rcpt + ": " + o.detail());
            }
        }
        MessageSummary summary = summary(item);
        log.record(new LogEvent(LogEventType.INOLTRO, now, PecMessageIds.withoutAngles(summary.messageId()), null, item.getMailFrom(),
                item.getRecipients(), summary.subject(), List.of(), settings.providerName(),
                "to " + item.getTarget() + ": delivered " + delivered + (problems.isEmpty() ? "" : "; " + problems)));
        if (retry.isEmpty()) {
            if (delivered.isEmpty()) {
                item.fail(String.join("; ", problems));
            } else {
                item.done();
            }
            dispatcher.blobs().release(item.getBlobId());
        } else if (schedule.isExpired(item.getCreatedAt(), now)) {
            // RFC 6109 §2.2.2: nothing waits more than 24 h; the 24 h notice tells the sender
            item.fail("gave up after 24 hours: " + String.join("; ", problems));
            dispatcher.blobs().release(item.getBlobId());
        } else {
            item.narrowTo(retry);
            // never later than the deadline: the item is given up when the 24 h notice is due, not hours after
            RetrySchedule.Decision next = schedule.afterFailure(item.getAttempts() + 1, item.getCreatedAt(), now);
            item.retryAt(((RetrySchedule.RetryAt) next).when(), String.join("; ", problems));
        }
    }

    private MessageSummary summary(WorkItem item) {
        try (InputStream in = dispatcher.blobs().open(item.getBlobId())) {
            return MessageSummaryReader.read(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, DeliveryOutcome> allOf(WorkItem item, DeliveryOutcome outcome) {
        Map<String, DeliveryOutcome> all = new java.util.LinkedHashMap<>();
        item.getRecipients().forEach(r -> all.put(r, outcome));
        return all;
    }

}
