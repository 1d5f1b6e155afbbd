package it.certmail.pec.transport.service;

import javax.net.ssl.SSLContext;

import jakarta.persistence.EntityManager;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.core.Relay;
import it.certmail.pec.transport.core.RelayTransport;
import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.domain.RouteResolver;
import it.certmail.pec.transport.infra.DnsMxLookup;
import it.certmail.pec.transport.infra.JpaDeliveries;
import it.certmail.pec.transport.infra.smtp.SmtpRelayClient;

/**
 * The adapters of the {@link Relay}'s ports over the container's services (the ones it shares with the other points
 * from {@link ReceptionPorts} and {@link AccessPointPorts}): the delivery rows on the database in the caller's
 * transaction, and the SMTP relay client with the TLS our peers require.
 */
final class RelayPorts {

    private RelayPorts() {
    }

    static Relay relay(EntityManager em, TransportSettings transport, PlatformSettings settings, ProviderKeys keys,
            ProviderIndexService index, Dispatcher dispatcher, PecLog log) {
        return new Relay(new JpaDeliveries(em), ReceptionPorts.blobs(dispatcher.blobs()),
                new RouteResolver(transport.routes(), new DnsMxLookup()),
                AccessPointPorts.domains(dispatcher.ourDomains(), index),
                smtp(transport, settings, keys), log::record, ReceptionPorts.identity(settings),
                RetrySchedule.standard());
    }

    /**
     * A client per attempt: to PEC providers STARTTLS is required and the peer's certificate checked against our
     * trust anchors (RFC 6109 §5.3), and its host name too unless turned off; ordinary mail servers get STARTTLS
     * when offered.
     */
    static RelayTransport smtp(TransportSettings transport, PlatformSettings settings, ProviderKeys keys) {
        return (targets, pecPeer, mailFrom, recipients, message) -> {
            SSLContext trust = TlsContexts.client(keys.trustAnchors());
            SmtpRelayClient.TlsPolicy tls = (pecPeer ? SmtpRelayClient.TlsPolicy.required(trust)
                    : SmtpRelayClient.TlsPolicy.opportunistic(trust))
                    .withVerifyHostname(transport.verifyHostname() && pecPeer);
            return new SmtpRelayClient(SmtpRelayClient.Settings.defaults(settings.domain()), tls)
                    .send(targets, mailFrom, recipients, message);
        };
    }
}
