package it.certmail.pec.transport.core;

import java.time.Instant;

import it.certmail.pec.transport.core.contract.DeliveriesContract;

/** The in-memory delivery rows the harnesses step the relay over, held to the contract {@code JpaDeliveries} keeps. */
class InMemoryDeliveriesTest implements DeliveriesContract {

    @Override
    public Rows rows() {
        InMemoryDeliveries rows = new InMemoryDeliveries();
        return new Rows() {
            @Override
            public Deliveries deliveries() {
                return rows;
            }

            @Override
            public long queued(String recipient, String domain, long blobId, Instant at) {
                return rows.queue(recipient, domain, blobId, MARIO, at, at.plus(DAY));
            }

            @Override
            public long local(String recipient, Instant at) {
                rows.open(new TransmissionRecords.NewTransmission("opec1@pec.nostro.test", null, MARIO, null, at, 1,
                        new byte[0], java.util.List.of(new TransmissionRecords.TrackedRecipient(recipient, true,
                                at.plus(java.time.Duration.ofHours(12))))), domain -> true);
                return rows.rows().get(rows.rows().size() - 1).id();
            }

            @Override
            public Row row(long id) {
                InMemoryDeliveries.Row r = rows.find(id).orElseThrow();
                return new Row(r.status(), r.attempts(), r.nextAttemptAt(), r.leaseOwner(), r.leaseUntil(),
                        r.lastError());
            }
        };
    }
}
