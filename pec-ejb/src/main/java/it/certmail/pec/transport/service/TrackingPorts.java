package it.certmail.pec.transport.service;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.transport.core.DeliveryTimeouts;
import it.certmail.pec.transport.core.TrackedRecipients;
import it.certmail.pec.transport.model.Delivery;

/**
 * The adapter of the {@link DeliveryTimeouts}' tracking port over the {@link Delivery} rows, in the
 * caller's transaction: each change goes through the entity's own methods. A row is read once per transaction (the
 * persistence context keeps it).
 */
final class TrackingPorts {

    private TrackingPorts() {
    }

    static TrackedRecipients trackedRecipients(EntityManager em) {
        return new TrackedRecipients() {
            @Override
            public List<Long> due(Instant now, int max) {
                return em.createNamedQuery(Delivery.DUE, Delivery.class)
                        .setParameter("now", now).setMaxResults(max).getResultStream()
                        .map(Delivery::getId).toList();
            }

            @Override
            public Optional<Tracked> find(long id) {
                return row(id).map(r -> new Tracked(r.getId(), r.getRecipient(), r.isCertified(),
                        TrackingService.tracking(r), r.getNextCheckAt(), r.getNoticeFailures()));
            }

            @Override
            public TransactionFacts facts(long id) {
                return TrackingService.factsOf(row(id).orElseThrow().getTransmission());
            }

            @Override
            public void noticeSent(long id, TimeoutStage stage, Instant nextCheckAt) {
                Delivery r = row(id).orElseThrow();
                if (stage == TimeoutStage.WARNING_12_HOURS) {
                    r.warningSent();
                } else {
                    r.finalSent();
                }
                r.noticeMade();
                r.nextCheckAt(nextCheckAt);
            }

            @Override
            public void nextCheckAt(long id, Instant at) {
                row(id).orElseThrow().nextCheckAt(at);
            }

            @Override
            public void hold(long id, String error, Instant retryAt) {
                row(id).orElseThrow().noticeFailed(error, retryAt);
            }

            private Optional<Delivery> row(long id) {
                return Optional.ofNullable(em.find(Delivery.class, id));
            }
        };
    }
}
