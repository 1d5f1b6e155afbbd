package it.certmail.pec.transport.service;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.persistence.EntityManager;

import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.log.service.Registro;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.core.AccessPoint;
import it.certmail.pec.transport.core.RecipientDomains;
import it.certmail.pec.transport.core.SendingMailboxes;
import it.certmail.pec.transport.core.TransmissionRecords;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.model.Transmission;

/**
 * The adapters of the {@link AccessPoint}'s ports over the container's services (the ones it shares with the
 * reception point from {@link ReceptionPorts}): each one a plain delegation, so the access point runs inside the
 * caller's transaction exactly as the services do.
 */
final class AccessPointPorts {

    private AccessPointPorts() {
    }

    /**
     * {@code blobs}, {@code domains} and {@code registro} are plain objects the shell took once from the services:
     * called directly inside the shell's transaction, no EJB call per blob, recipient domain or log entry.
     */
    static AccessPoint accessPoint(EntityManager em, BlobStore blobs, OurDomains domains, Registro registro,
            Dispatcher dispatcher, NoticeFiling notices, PecComposers composers, MailboxService mailboxes,
            ProviderIndexService index, Antivirus antivirus, TransportSettings transport, PlatformSettings settings) {
        return new AccessPoint(ReceptionPorts.blobs(blobs), sendingMailboxes(mailboxes), domains(domains, index),
                dispatcher::dispatch, ReceptionPorts.notices(notices), tracking(em, domains), registro::record,
                ReceptionPorts.virusCheck(antivirus), composers::composer, composers::ids, transport::limits,
                ReceptionPorts.identity(settings));
    }

    static SendingMailboxes sendingMailboxes(MailboxService mailboxes) {
        return address -> mailboxes.findMailbox(address).map(m -> new SendingMailboxes.Sender(m.status(),
                m.usedBytes(), m.quotaBytes(), m.blockNonPecRecipients()));
    }

    static RecipientDomains domains(OurDomains ours, ProviderIndexService index) {
        return new RecipientDomains() {
            @Override
            public boolean isLocalDomain(String domain) {
                return ours.contains(domain);
            }

            @Override
            public boolean isCertifiedDomain(String domain) {
                return index.index().isCertifiedDomain(domain);
            }
        };
    }

    /**
     * The transmission and one delivery row per recipient, persisted in that order: the rows the dispatch queued for
     * the relay with the envelope (no transmission yet) are attached to it, the other recipients are our reception
     * point's ({@link DeliveryStatus#LOCAL}). The rows are looked for only when some recipient is not ours.
     */
    static TransmissionRecords tracking(EntityManager em, OurDomains domains) {
        return t -> {
            Transmission transmission = new Transmission(t.pecMsgid(), t.clientMsgid(), t.sender(), t.subject(),
                    t.acceptedAt(), t.envelopeBlobId(), t.daticertXml());
            em.persist(transmission);
            Map<String, Delivery> relayed = new HashMap<>();
            if (t.recipients().stream().anyMatch(r -> !domains.contains(Dispatcher.domainOf(r.address())))) {
                em.createNamedQuery(Delivery.QUEUED_WITHOUT_TRANSMISSION, Delivery.class)
                        .setParameter("blob", t.envelopeBlobId()).setParameter("queued", DeliveryStatus.QUEUED)
                        .getResultList().forEach(d -> relayed.put(d.getRecipient().toLowerCase(Locale.ROOT), d));
            }
            for (TransmissionRecords.TrackedRecipient r : t.recipients()) {
                Delivery row = relayed.remove(r.address().toLowerCase(Locale.ROOT));
                if (row != null) {
                    row.openedBy(transmission, r.certified(), r.nextCheckAt());
                } else {
                    em.persist(Delivery.local(transmission, r.address(), r.certified(), t.acceptedAt(),
                            r.nextCheckAt()));
                }
            }
        };
    }
}
