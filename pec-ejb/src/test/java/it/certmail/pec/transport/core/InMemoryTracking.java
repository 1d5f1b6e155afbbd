package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.transport.domain.DeliveryDeadlines;

/**
 * The tracking of our transmissions' recipients in memory, behind the timeouts' port, transactional like the
 * {@link InMemoryTransport} it goes with: {@link #begin} opens a working copy, {@link #commit} makes it the state,
 * {@link #rollback} drops it. The rows are opened from what the access point recorded ({@link #open}).
 */
final class InMemoryTracking implements TrackedRecipients {

    /** One recipient's row, as {@code Delivery} keeps it. */
    record Row(long id, String pecMsgid, byte[] daticert, String recipient, boolean certified, Instant dispatchedAt,
            Instant takenChargeAt, Instant deliveredAt, boolean warningSent, boolean finalSent, Instant nextCheckAt,
            String noticeError, int noticeFailures) {

        DeliveryDeadlines.Tracking tracking() {
            return new DeliveryDeadlines.Tracking(dispatchedAt, takenChargeAt, deliveredAt, warningSent, finalSent);
        }

        Row withNext(Instant next) {
            return new Row(id, pecMsgid, daticert, recipient, certified, dispatchedAt, takenChargeAt, deliveredAt,
                    warningSent, finalSent, next, noticeError, noticeFailures);
        }
    }

    private Map<Long, Row> committed = new LinkedHashMap<>();
    private Map<Long, Row> working;
    private long nextId = 1;

    void begin() {
        if (working != null) {
            throw new IllegalStateException("a transaction is open already");
        }
        working = new LinkedHashMap<>(committed);
    }

    void commit() {
        committed = working();
        working = null;
    }

    void rollback() {
        working = null;
    }

    /** The rows of a transmission the access point recorded, committed at once. */
    void open(TransmissionRecords.NewTransmission t) {
        for (TransmissionRecords.TrackedRecipient r : t.recipients()) {
            long id = nextId++;
            committed.put(id, new Row(id, t.pecMsgid(), t.daticertXml(), r.address(), r.certified(), t.acceptedAt(),
                    null, null, false, false, r.nextCheckAt(), null, 0));
        }
    }

    /** Spoils the stored daticert of a recipient's row (committed at once): its notice can no longer be made. */
    void spoil(String recipient, byte[] daticert) {
        Row r = row(recipient);
        committed.put(r.id(), new Row(r.id(), r.pecMsgid(), daticert, r.recipient(), r.certified(),
                r.dispatchedAt(), r.takenChargeAt(), r.deliveredAt(), r.warningSent(), r.finalSent(),
                r.nextCheckAt(), r.noticeError(), r.noticeFailures()));
    }

    /** The committed row of a recipient. */
    Row row(String recipient) {
        return committed.values().stream().filter(r -> r.recipient().equalsIgnoreCase(recipient)).findFirst()
                .orElseThrow();
    }

    List<Row> rows() {
        return List.copyOf(committed.values());
    }

    // ---- the port

    @Override
    public List<Long> due(Instant now, int max) {
        return working().values().stream().filter(r -> r.certified() && r.nextCheckAt() != null
                        && !r.nextCheckAt().isAfter(now))
                .sorted(Comparator.comparing(Row::nextCheckAt)).limit(max).map(Row::id).toList();
    }

    @Override
    public Optional<Tracked> find(long id) {
        return Optional.ofNullable(working().get(id)).map(r -> new Tracked(r.id(), r.recipient(), r.certified(),
                r.tracking(), r.nextCheckAt(), r.noticeFailures()));
    }

    @Override
    public TransactionFacts facts(long id) {
        Row r = working().get(id);
        return TransactionFacts.of(DaticertReader.read(r.daticert()).daticert().orElseThrow(
                () -> new IllegalStateException("unreadable daticert of transmission " + r.pecMsgid())));
    }

    @Override
    public void noticeSent(long id, TimeoutStage stage, Instant nextCheckAt) {
        Row r = working().get(id);
        boolean warning = stage == TimeoutStage.WARNING_12_HOURS;
        working().put(id, new Row(r.id(), r.pecMsgid(), r.daticert(), r.recipient(), r.certified(),
                r.dispatchedAt(), r.takenChargeAt(), r.deliveredAt(), r.warningSent() || warning,
                r.finalSent() || !warning, nextCheckAt, null, 0));
    }

    @Override
    public void nextCheckAt(long id, Instant at) {
        working().put(id, working().get(id).withNext(at));
    }

    @Override
    public void hold(long id, String error, Instant retryAt) {
        Row r = working().get(id);
        working().put(id, new Row(r.id(), r.pecMsgid(), r.daticert(), r.recipient(), r.certified(),
                r.dispatchedAt(), r.takenChargeAt(), r.deliveredAt(), r.warningSent(), r.finalSent(), retryAt,
                error, r.noticeFailures() + 1));
    }

    private Map<Long, Row> working() {
        if (working == null) {
            throw new IllegalStateException("no transaction");
        }
        return working;
    }
}
