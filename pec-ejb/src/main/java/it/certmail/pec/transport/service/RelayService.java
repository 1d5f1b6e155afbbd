package it.certmail.pec.transport.service;

import java.security.GeneralSecurityException;
import java.time.Clock;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.core.Relay;

/**
 * The transaction shell of the relay ({@link Relay}): the attempt over the network runs outside any transaction,
 * its outcome is settled in one of its own (the registro entry, the item's new state and its blob reference commit
 * together, or not at all). The adapters over the container's services are in {@link RelayPorts}.
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

    private Relay relay;

    @PostConstruct
    void init() {
        relay = RelayPorts.relay(em, transport, settings, keys, index, dispatcher, log);
    }

    /** One delivery attempt of a claimed RELAY item (nothing to settle if it is not this owner's). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Relay.Attempt attempt(long workItemId, String owner) throws GeneralSecurityException {
        return relay.attempt(workItemId, owner, clock.instant());
    }

    /**
     * Settles an attempt: done, retried for the recipients that failed temporarily, failed (refused, or after 24
     * hours) or held. Any failure is a runtime exception, so the container rolls every effect back.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void settle(Relay.Attempt attempt, String owner) {
        relay.settle(attempt, owner, clock.instant());
    }
}
