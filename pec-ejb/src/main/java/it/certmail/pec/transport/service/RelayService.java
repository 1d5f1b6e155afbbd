package it.certmail.pec.transport.service;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.interceptor.Interceptors;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.RegistroInOneStatement;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.platform.service.ProviderKeys;
import it.certmail.pec.transport.core.Deliveries;
import it.certmail.pec.transport.core.Relay;

/**
 * The transaction shell of the relay ({@link Relay}): the attempt over the network runs outside any transaction,
 * its outcome is settled in one of its own (the registro entry, the rows' new state and their blob references
 * commit together, or not at all). The adapters over the container's services are in {@link RelayPorts}.
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

    @EJB
    ProviderIndexService index;

    @EJB
    Dispatcher dispatcher;

    @EJB
    PecLog log;

    @Inject
    Clock clock;

    private Relay relay;

    @PostConstruct
    void init() {
        relay = RelayPorts.relay(em, transport, settings, keys, index, dispatcher, log);
    }

    /** Leases the next due batches of delivery rows, one per (message, domain), its fair share among the loops. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Deliveries.Batch> claim(String owner, int max, int sharers) {
        return relay.claim(owner, max, sharers, clock.instant());
    }

    /** One delivery attempt of a leased batch, outside any transaction. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Relay.Attempt attempt(Deliveries.Batch batch) throws GeneralSecurityException {
        return relay.attempt(batch, clock.instant());
    }

    /**
     * Settles an attempt: done, retried for the recipients that failed temporarily, failed (refused, or after 24
     * hours) or held. Any failure is a runtime exception, so the container rolls every effect back.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    @Interceptors(RegistroInOneStatement.class)
    public void settle(Relay.Attempt attempt, String owner) {
        relay.settle(attempt, owner, clock.instant());
    }

    /**
     * An attempt failed with an unexpected error (a bug, the database away): each row still this owner's is
     * offered again on the relay's schedule; the next attempt gives it up at its 24 h limit.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void attemptFailed(Deliveries.Batch batch, String owner, String error) {
        relay.attemptFailed(batch, owner, error, clock.instant());
    }
}
