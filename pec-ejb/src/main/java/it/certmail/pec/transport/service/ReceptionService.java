package it.certmail.pec.transport.service;

import java.io.IOException;
import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.mail.MessagingException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.RegistroInOneStatement;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.service.VerificationService;
import it.certmail.pec.transport.core.ReceptionPoint;
import it.certmail.pec.transport.core.ReceptionWork;
import it.certmail.pec.transport.model.WorkItem;
import it.certmail.pec.transport.model.WorkState;

/**
 * The transaction shell of the punto di ricezione and di consegna ({@link ReceptionPoint}): takes one claimed work
 * item and, in ONE transaction, has the reception point do everything the message calls for, then settles the
 * item. A crash anywhere rolls all of it back and the work item is taken again: every effect happens exactly once.
 */
@Stateless
public class ReceptionService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @EJB
    Dispatcher dispatcher;

    @Inject
    PecComposers composers;

    @EJB
    VerificationService verification;

    @EJB
    MailboxService mailboxes;

    @EJB
    MessageStoreService store;

    // @Inject, not @EJB: the deployment may replace the notice filing with a CDI alternative (the wiring tests do)
    @Inject
    NoticeFiling notices;

    @EJB
    TrackingService tracking;

    @EJB
    PecLog log;

    @EJB
    Antivirus antivirus;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    private ReceptionPoint point;

    private BlobStore blobs;

    @PostConstruct
    void init() {
        blobs = dispatcher.blobs();
        point = ReceptionPorts.receptionPoint(blobs, log.registro(), composers, verification, mailboxes, store,
                notices, tracking, antivirus, settings);
    }

    /**
     * Processes a claimed work item in a transaction of its own; does nothing if it is no longer this owner's.
     * Any failure is a runtime exception, so the container rolls every effect back.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    @Interceptors(RegistroInOneStatement.class)
    public void process(long workItemId, String owner) {
        WorkItem item = em.find(WorkItem.class, workItemId);
        if (item == null || item.getState() != WorkState.QUEUED || !owner.equals(item.getLeaseOwner())) {
            return;
        }
        ReceptionPoint.Outcome outcome;
        try {
            outcome = point.receive(new ReceptionWork(item.getId(), item.getBlobId(), item.getMailFrom(),
                    item.getRecipients(), Dispatcher.fromOwnAccessPoint(item)), clock.instant());
        } catch (IOException | MessagingException | MailboxNotFoundException e) {
            throw new IllegalStateException("reception of work item " + workItemId + " failed: " + e, e);
        }
        if (outcome.isHeld()) {
            item.hold(outcome.holdReason());
            return;
        }
        item.done();
        // the work's own reference on its blob goes with the work, unless the first envelope deposited took it
        if (!outcome.workReferenceHandedOver()) {
            blobs.release(item.getBlobId());
        }
    }
}
