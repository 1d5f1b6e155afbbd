package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptors;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.RegistroInOneStatement;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.infra.AllOrNothing;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.core.AccessPoint;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.SubmissionEnvelope;

/**
 * The transaction shell of the punto di accesso ({@link AccessPoint}): everything a submission implies (the
 * envelope, the receipts, the work for every recipient, the tracking and the log) commits in the one transaction of
 * {@link #submit}, or, whatever is thrown, none of it ({@link AllOrNothing}); only then does SMTP answer 250.
 */
@Stateless
@Interceptors({AllOrNothing.class, RegistroInOneStatement.class})
public class AccessPointService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @EJB
    Dispatcher dispatcher;

    // @Inject, not @EJB: the deployment may replace the notice filing with a CDI alternative (the wiring tests do)
    @Inject
    NoticeFiling notices;

    @Inject
    PecComposers composers;

    @EJB
    MailboxService mailboxes;

    @EJB
    ProviderIndexService index;

    @EJB
    PecLog log;

    @EJB
    Antivirus antivirus;

    @Inject
    TransportSettings transport;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    private AccessPoint point;

    @PostConstruct
    void init() {
        point = AccessPointPorts.accessPoint(em, dispatcher.blobs(), dispatcher.ourDomains(), log.registro(),
                dispatcher, notices, composers, mailboxes, index, antivirus, transport, settings);
    }

    /** Takes the submission; returns the SMTP reply, positive only once everything is committed by the caller's return. */
    public SmtpReply submit(SubmissionEnvelope envelope, InputStream data) throws IOException {
        return point.submit(envelope, data, clock.instant());
    }
}
