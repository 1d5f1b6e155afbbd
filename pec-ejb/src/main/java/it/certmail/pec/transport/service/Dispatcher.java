package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.service.KnownLocalDomains;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.core.AccessPoint;
import it.certmail.pec.transport.core.ReceptionWork;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkQueue;

/**
 * Sends a message on its way inside the caller's transaction: recipients in our own domains go to our reception
 * point (same-provider mail is processed exactly like mail between providers, DM 2 novembre 2005 art. 6 c.5), the
 * others to the SMTP relay, one delivery row per recipient (ADR 0003). Nothing leaves before the commit.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class Dispatcher {

    /**
     * The {@code target} of a reception work item queued here, by our own access point; one queued by the SMTP
     * reception carries the client's IP address, which is never this. No peer can make a work item say it.
     */
    static final String OWN_ACCESS_POINT = ReceptionWork.OWN_ACCESS_POINT;

    /** RFC 6109 §2.2.2: no message waits in a queue longer than 24 hours. */
    static final Duration MAX_QUEUE_TIME = Duration.ofHours(24);

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @EJB
    MailboxService mailboxes;

    @Inject
    KnownLocalDomains knownDomains;

    @Inject
    PlatformSettings settings;

    @Inject
    java.time.Clock clock;

    @Inject
    WorkSignal signal;

    @Resource
    jakarta.transaction.TransactionSynchronizationRegistry synchronizations;

    /**
     * Stores a composed message and queues it for its recipients; returns the blob. The first work item takes over
     * the reference the store gave (each further one takes its own): before, every item took one and the stored
     * reference was dropped right after, two {@code ref_count} updates for nothing.
     */
    public BlobRef dispatch(MimeMessage message, String mailFrom, List<String> recipients, Instant now) {
        BlobRef blob = store(message);
        CallersReference callers = new CallersReference();
        try {
            queue(blob, mailFrom, recipients, now, callers);
        } finally {
            if (!callers.handedOver) {
                blobs().release(blob.id());
            }
        }
        return blob;
    }

    /**
     * The caller's reference on the blob being queued: given to the first item persisted, and known to be given
     * even if queueing a later one throws (so it is never released twice).
     */
    private static final class CallersReference {
        private boolean handedOver;
    }

    /** Queues an already stored blob; each work item takes its own reference on it. */
    public void queue(BlobRef blob, String mailFrom, List<String> recipients, Instant now) {
        queue(blob, mailFrom, recipients, now, null);
    }

    private void queue(BlobRef blob, String mailFrom, List<String> recipients, Instant now,
            CallersReference callers) {
        List<String> local = new ArrayList<>();
        Map<String, List<String>> remote = new LinkedHashMap<>();
        for (String rcpt : recipients) {
            String domain = domainOf(rcpt);
            if (isLocalDomain(domain)) {
                local.add(rcpt);
            } else {
                remote.computeIfAbsent(domain, d -> new ArrayList<>()).add(rcpt);
            }
        }
        if (!local.isEmpty()) {
            enqueue(new WorkItem(WorkQueue.RECEPTION, blob.id(), mailFrom, local, OWN_ACCESS_POINT, true, now,
                    now.plus(MAX_QUEUE_TIME)), callers);
        }
        remote.forEach((domain, rcpts) -> rcpts.forEach(rcpt -> relay(Delivery.queued(null, rcpt, false, now, null,
                domain, blob.id(), mailFrom, now.plus(MAX_QUEUE_TIME)), callers)));
    }

    /**
     * Persists a delivery row queued for the relay, with its own reference on the blob (the caller's, when not given
     * yet); the relay loops are woken after the commit. A transmission of ours attaches its rows afterwards
     * ({@code AccessPointPorts.tracking}).
     */
    private void relay(Delivery row, CallersReference callers) {
        boolean takesOverCallers = callers != null && !callers.handedOver;
        if (!takesOverCallers) {
            blobs().retain(row.getBlobId());
        }
        em.persist(row);
        // given only once the row is there: a row that failed to persist holds nothing, the caller releases it
        if (takesOverCallers) {
            callers.handedOver = true;
        }
        wakeWorkersAfterCommit();
    }

    /** True for a reception work item this provider queued itself: bytes it composed and signed, not received. */
    static boolean fromOwnAccessPoint(WorkItem item) {
        return item.getQueue() == WorkQueue.RECEPTION && OWN_ACCESS_POINT.equals(item.getTarget());
    }

    /** Queues a message received over SMTP for our reception point (client: its IP address, as text). */
    public void queueForReception(BlobRef blob, String mailFrom, List<String> recipients, String client, boolean tls,
                                  Instant now) {
        if (OWN_ACCESS_POINT.equalsIgnoreCase(client)) {
            throw new IllegalArgumentException("an SMTP client cannot be named " + client);
        }
        enqueue(new WorkItem(WorkQueue.RECEPTION, blob.id(), mailFrom, recipients, client, tls, now,
                now.plus(MAX_QUEUE_TIME)));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean isLocalDomain(String domain) {
        return ourDomains().contains(domain);
    }

    /** Our domains, for the transaction shells to ask directly: no EJB call per recipient. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public OurDomains ourDomains() {
        return new OurDomains(settings, knownDomains, mailboxes);
    }

    /** Stores the exact bytes of a composed message; the caller holds one reference. */
    public BlobRef store(MimeMessage message) {
        if (message instanceof SpooledMimeMessage spooled) {
            return store(spooled.bytes());
        }
        try (Spool bytes = Spool.create()) {
            try (OutputStream out = bytes.output()) {
                message.writeTo(out);
            }
            return store(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot serialise a composed message", e);
        }
    }

    /** Stores spooled bytes; the caller holds one reference. */
    public BlobRef store(Spool bytes) {
        try {
            return blobs().store(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blob store over {@code jdbc/pec}; usable with or without a transaction (the relay reads outside one). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public BlobStore blobs() {
        return new BlobStore(dataSource, clock);
    }

    /** Persists the item with its own blob reference; the workers are woken after the commit. */
    void enqueue(WorkItem item) {
        blobs().retain(item.getBlobId());
        persist(item);
    }

    /** {@link #enqueue(WorkItem)}, the item taking over {@code callers} when not null and not given yet. */
    private void enqueue(WorkItem item, CallersReference callers) {
        if (callers == null || callers.handedOver) {
            enqueue(item);
            return;
        }
        persist(item);
        callers.handedOver = true;
    }

    /** Persists the item, whose blob reference is taken already; the workers are woken after the commit. */
    void persist(WorkItem item) {
        em.persist(item);
        wakeWorkersAfterCommit();
    }

    /** Once per transaction, however many rows and items it queues: one nudge after its commit wakes every loop. */
    private void wakeWorkersAfterCommit() {
        if (synchronizations.getResource(WakeUp.class) != null) {
            return;
        }
        synchronizations.putResource(WakeUp.class, Boolean.TRUE);
        synchronizations.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                signal.nudge();
            }
        });
    }

    static String domainOf(String address) {
        return AccessPoint.domainOf(address);
    }

    /** The key under which a transaction notes that its wake-up is registered already. */
    private static final class WakeUp {
        private WakeUp() {
        }
    }
}
