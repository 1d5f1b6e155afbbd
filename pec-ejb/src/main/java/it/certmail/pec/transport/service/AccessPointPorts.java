package it.certmail.pec.transport.service;

import jakarta.persistence.EntityManager;

import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.core.AccessPoint;
import it.certmail.pec.transport.core.RecipientDomains;
import it.certmail.pec.transport.core.SendingMailboxes;
import it.certmail.pec.transport.core.TransmissionRecords;
import it.certmail.pec.transport.model.RecipientTracking;
import it.certmail.pec.transport.model.Transmission;

/**
 * The adapters of the {@link AccessPoint}'s ports over the container's services (the ones it shares with the
 * reception point from {@link ReceptionPorts}): each one a plain delegation, so the access point runs inside the
 * caller's transaction exactly as the services do.
 */
final class AccessPointPorts {

    private AccessPointPorts() {
    }

    static AccessPoint accessPoint(EntityManager em, Dispatcher dispatcher, NoticeFiling notices,
            PecComposers composers, MailboxService mailboxes, ProviderIndexService index, PecLog log,
            Antivirus antivirus, TransportSettings transport, PlatformSettings settings) {
        return new AccessPoint(ReceptionPorts.blobs(dispatcher), sendingMailboxes(mailboxes),
                domains(dispatcher, index), dispatcher::dispatch, ReceptionPorts.notices(notices), tracking(em),
                log::record, ReceptionPorts.virusCheck(antivirus), composers::composer, composers::ids,
                transport::limits, ReceptionPorts.identity(settings));
    }

    static SendingMailboxes sendingMailboxes(MailboxService mailboxes) {
        return address -> mailboxes.findMailbox(address).map(m -> new SendingMailboxes.Sender(m.status(),
                m.usedBytes(), m.quotaBytes(), m.blockNonPecRecipients()));
    }

    static RecipientDomains domains(Dispatcher dispatcher, ProviderIndexService index) {
        return new RecipientDomains() {
            @Override
            public boolean isLocalDomain(String domain) {
                return dispatcher.isLocalDomain(domain);
            }

            @Override
            public boolean isCertifiedDomain(String domain) {
                return index.index().isCertifiedDomain(domain);
            }
        };
    }

    /** The transmission and one tracking row per recipient, persisted in that order. */
    static TransmissionRecords tracking(EntityManager em) {
        return t -> {
            Transmission transmission = new Transmission(t.pecMsgid(), t.clientMsgid(), t.sender(), t.subject(),
                    t.acceptedAt(), t.envelopeBlobId(), t.daticertXml());
            em.persist(transmission);
            for (TransmissionRecords.TrackedRecipient r : t.recipients()) {
                em.persist(new RecipientTracking(transmission, r.address(), r.certified(), t.acceptedAt(),
                        r.nextCheckAt()));
            }
        };
    }
}
