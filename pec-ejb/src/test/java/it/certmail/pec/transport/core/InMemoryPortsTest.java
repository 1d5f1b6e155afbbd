package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.transport.core.contract.PortsUnderTest;
import it.certmail.pec.transport.core.contract.TransportPortsContract;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The in-memory adapters the harnesses step the core over ({@link InMemoryTransport}) held to the same contracts as
 * the JPA/JDBC ones ({@code transport.service.JpaPortsTest}).
 */
class InMemoryPortsTest implements TransportPortsContract {

    @Override
    public PortsUnderTest ports() {
        return new InMemoryPorts();
    }

    /** One {@link InMemoryTransport}, its delivery rows and the work queue its commits fill. */
    private static final class InMemoryPorts implements PortsUnderTest {

        private static final Instant COMMITTED_AT = Instant.parse("2026-12-06T09:00:00Z");

        private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
        private final InMemoryTransport transport = new InMemoryTransport("Gestore Nostro",
                SERVICE_ADDRESS, Set.of(OUR_DOMAIN), queue);

        private Ports ports() {
            return new Ports(transport.blobs(), transport.mailboxes(), transport.senders(), transport.domains(),
                    transport.dispatch(), transport.transmissions(), transport.tracking(), transport.log(),
                    transport.notices());
        }

        @Override
        public <T> T inStep(Step<T> step) throws Exception {
            transport.begin();
            try {
                T result = step.run(ports());
                transport.commit(COMMITTED_AT);
                return result;
            } catch (Exception | Error e) {
                transport.rollback();
                throw e;
            }
        }

        @Override
        public void rolledBack(Step<?> step) throws Exception {
            transport.begin();
            try {
                step.run(ports());
            } finally {
                transport.rollback();
            }
        }

        @Override
        public void addMailbox(String address, MailboxStatus status, boolean acceptsOrdinaryMail) {
            transport.addMailbox(address, status, acceptsOrdinaryMail);
        }

        @Override
        public void addLocalDomain(String domain) {
            transport.addLocalDomain(domain);
        }

        @Override
        public int references(long blobId) {
            return transport.references(blobId);
        }

        @Override
        public List<Deposited> inbox(String address) {
            return transport.inbox(address).stream().map(d -> new Deposited(d.summary().subject(),
                    d.summary().pecKind(), d.at(), transport.bytes(d.blobId()))).toList();
        }

        @Override
        public List<LogEvent> logged() {
            return List.copyOf(transport.state().log);
        }

        @Override
        public Optional<TransmissionRecords.NewTransmission> transmission(String pecMsgid) {
            return transport.state().transmissions.stream().filter(t -> t.pecMsgid().equals(pecMsgid)).findFirst();
        }

        @Override
        public List<WorkQueue.Work> queued() {
            List<WorkQueue.Work> all = new ArrayList<>();
            for (long id = 1; ; id++) {
                Optional<WorkQueue.Work> w = queue.find(id);
                if (w.isEmpty()) {
                    return all;
                }
                all.add(w.get());
            }
        }

        @Override
        public List<DeliveryRow> deliveries() {
            return transport.deliveries().rows().stream().map(r -> new DeliveryRow(r.pecMsgid(), r.recipient(),
                    r.certified(), r.nextCheckAt(), r.status(), r.domain(), r.blobId(), r.mailFrom(), r.attempts(),
                    r.nextAttemptAt(), r.expireAt())).toList();
        }
    }
}
