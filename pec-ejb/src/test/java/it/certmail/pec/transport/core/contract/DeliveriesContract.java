package it.certmail.pec.transport.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.core.Deliveries;
import it.certmail.pec.transport.core.Deliveries.Batch;
import it.certmail.pec.transport.core.Deliveries.Recipient;
import it.certmail.pec.transport.model.DeliveryStatus;

/**
 * What the relay relies on from {@link Deliveries} (ADR 0003), held alike by the in-memory adapter and
 * {@code JpaDeliveries} on H2 and PostgreSQL (James-style: each adapter's test implements this interface). A claim
 * leases the due rows of a (message, domain) together, one batch per pair, a fair share; only the lease's owner
 * settles a row, only while it is queued, and a settling refused changes nothing. Each call is one transaction of its
 * own where the adapter has transactions; the rows are written around the port, as the dispatch writes them.
 */
public interface DeliveriesContract {

    Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    Duration DAY = Duration.ofHours(24);
    String MARIO = "mario@pec.nostro.test";
    String A = "node-a/relay-0";
    String B = "node-b/relay-0";

    /** A fresh, empty store of delivery rows. */
    Rows rows();

    /** The store as the dispatch writes it and an administrator reads it, around the port. */
    interface Rows {

        /** The port; each call a transaction of its own. */
        Deliveries deliveries();

        /** A row queued for the relay as the dispatch queues it at {@code at}: due at once, its limit 24 h later. */
        long queued(String recipient, String domain, long blobId, Instant at);

        /** A recipient of ours: our reception point's, never the relay's. */
        long local(String recipient, Instant at);

        /** The committed row. */
        Row row(long id);
    }

    /** The relay's part of a row. */
    record Row(DeliveryStatus status, int attempts, Instant nextAttemptAt, String leaseOwner, Instant leaseUntil,
            String lastError) {
    }

    private static long queued(Rows rows, String recipient, long blobId, Instant at) {
        return rows.queued(recipient, recipient.substring(recipient.indexOf('@') + 1), blobId, at);
    }

    // ---- claims

    @Test
    default void aClaimShouldLeaseTheDueRowsOfEachMessageAndDomainAsOneBatch() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        long carlo = queued(rows, "carlo@c.test", 7, T0);
        long bea = queued(rows, "bea@b.test", 7, T0);
        long dora = queued(rows, "dora@b.test", 8, T0);

        List<Batch> claimed = rows.deliveries().claim(A, 10, 1, T0);

        assertThat(claimed).extracting(Batch::blobId, Batch::domain, Batch::mailFrom, Batch::ids).containsExactly(
                tuple(7L, "b.test", MARIO, List.of(anna, bea)),
                tuple(7L, "c.test", MARIO, List.of(carlo)),
                tuple(8L, "b.test", MARIO, List.of(dora)));
        // what the relay needs of each recipient: its address, its attempts, its 24 h limit
        assertThat(claimed.get(0).recipients()).containsExactly(new Recipient(anna, "anna@b.test", 0, T0, T0.plus(DAY)),
                new Recipient(bea, "bea@b.test", 0, T0, T0.plus(DAY)));
        for (long id : List.of(anna, bea, carlo, dora)) {
            assertThat(rows.row(id)).isEqualTo(new Row(DeliveryStatus.QUEUED, 0, T0, A, T0.plus(Deliveries.LEASE),
                    null));
        }
    }

    @Test
    default void aSecondClaimerShouldGetNothingWhileTheRowsAreLeasedAndThemOnceTheLeaseRanOut() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        long bea = queued(rows, "bea@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        assertThat(d.claim(A, 10, 1, T0)).hasSize(1);

        assertThat(d.claim(B, 10, 1, T0.plusSeconds(1))).isEmpty();
        assertThat(d.claim(B, 10, 1, T0.plus(Deliveries.LEASE))).as("the lease holds to its end").isEmpty();
        Instant after = T0.plus(Deliveries.LEASE).plusSeconds(1);
        assertThat(d.claim(B, 10, 1, after)).singleElement()
                .satisfies(batch -> assertThat(batch.ids()).containsExactly(anna, bea));

        assertThat(rows.row(anna).leaseOwner()).isEqualTo(B);
        assertThat(rows.row(anna).leaseUntil()).isEqualTo(after.plus(Deliveries.LEASE));
        assertThat(d.handedOn(anna, A)).as("the old owner lost it").isFalse();
        assertThat(d.handedOn(anna, B)).isTrue();
    }

    @Test
    default void aBatchShouldHoldOnlyTheRowsOfItsOwnLeaseNeverOnesLeftOnAnOlderLeaseOfTheSameOwner() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        assertThat(d.claim(A, 10, 1, T0)).hasSize(1);
        // anna's attempt could not settle (nor record its failure): her row stays leased to A until T0 + LEASE
        long bea = queued(rows, "bea@b.test", 7, T0.plusSeconds(10));

        Instant later = T0.plusSeconds(20);
        assertThat(d.claim(A, 10, 1, later)).singleElement()
                .satisfies(batch -> assertThat(batch.ids()).as("anna's older lease could run out mid-attempt")
                        .containsExactly(bea));
        assertThat(rows.row(anna).leaseUntil()).isEqualTo(T0.plus(Deliveries.LEASE));
        assertThat(d.claim(B, 10, 1, T0.plus(Deliveries.LEASE).plusSeconds(1))).singleElement()
                .satisfies(batch -> assertThat(batch.ids()).containsExactly(anna));
    }

    @Test
    default void rowsNotDueAndRowsThatAreNotTheRelaysShouldNotBeClaimed() {
        Rows rows = rows();
        queued(rows, "anna@b.test", 7, T0);
        long ours = rows.local("bea@pec.nostro.test", T0);

        assertThat(rows.deliveries().claim(A, 10, 1, T0.minusSeconds(1))).as("not due yet").isEmpty();
        assertThat(rows.deliveries().claim(A, 10, 1, T0)).singleElement()
                .satisfies(batch -> assertThat(batch.addresses()).containsExactly("anna@b.test"));
        assertThat(rows.row(ours).status()).isEqualTo(DeliveryStatus.LOCAL);
        assertThat(rows.row(ours).leaseOwner()).isNull();
        assertThat(rows.deliveries().claim(B, 10, 1, T0.plus(Duration.ofDays(3)).plus(Deliveries.LEASE)))
                .extracting(Batch::addresses).containsExactly(List.of("anna@b.test"));
    }

    @Test
    default void aClaimShouldTakeTheNextDueFirstAndNoMoreThanMaxNorItsFairShare() {
        Rows rows = rows();
        long first = queued(rows, "a@b.test", 1, T0);
        long second = queued(rows, "b@b.test", 2, T0.plusSeconds(1));
        long third = queued(rows, "c@b.test", 3, T0.plusSeconds(2));
        long fourth = queued(rows, "d@b.test", 4, T0.plusSeconds(3));
        Instant now = T0.plusSeconds(10);
        Deliveries d = rows.deliveries();

        // four due pairs among two loops: two each, the next due first
        assertThat(d.claim(A, 10, 2, now)).extracting(Batch::ids).containsExactly(List.of(first), List.of(second));
        // no more than max
        assertThat(d.claim(B, 1, 1, now)).extracting(Batch::ids).containsExactly(List.of(third));
        // the last one is a share of at least one, even among more loops than pairs
        assertThat(d.claim(B, 10, 4, now)).extracting(Batch::ids).containsExactly(List.of(fourth));
        assertThat(d.claim(B, 10, 1, now)).isEmpty();
        assertThat(d.claim(A, 0, 1, now.plus(Duration.ofHours(1)))).as("max 0").isEmpty();
    }

    @Test
    default void aBatchShouldHoldOnlyTheDueRowsOfItsPair() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        long bea = queued(rows, "bea@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);
        Instant soon = T0.plus(Duration.ofMinutes(1));
        Instant later = T0.plus(Duration.ofMinutes(5));
        assertThat(d.retry(anna, A, soon, "421 busy")).isTrue();
        assertThat(d.retry(bea, A, later, "452 full")).isTrue();

        assertThat(d.claim(B, 10, 1, soon)).singleElement().satisfies(batch -> {
            assertThat(batch.ids()).containsExactly(anna);
            assertThat(batch.recipients().get(0).attempts()).isEqualTo(1);
        });
        assertThat(rows.row(bea).leaseOwner()).isNull();
        assertThat(d.handedOn(anna, B)).isTrue();
        assertThat(d.claim(A, 10, 1, later)).singleElement()
                .satisfies(batch -> assertThat(batch.ids()).containsExactly(bea));
    }

    // ---- settling

    @Test
    default void aSettlingByAnyoneButTheLeaseOwnerShouldChangeNothing() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        long idle = queued(rows, "bea@b.test", 8, T0.plusSeconds(5));
        Deliveries d = rows.deliveries();
        d.claim(A, 1, 1, T0);
        Row leased = rows.row(anna);
        Row notLeased = rows.row(idle);

        for (long id : List.of(anna, idle)) {
            assertThat(d.handedOn(id, B)).isFalse();
            assertThat(d.refused(id, B, "550")).isFalse();
            assertThat(d.expired(id, B, "24 h")).isFalse();
            assertThat(d.retry(id, B, T0.plusSeconds(60), "421")).isFalse();
            assertThat(d.hold(id, B, "gone")).isFalse();
        }
        assertThat(d.handedOn(idle, A)).as("not leased at all").isFalse();
        assertThat(d.handedOn(-1, A)).as("no such row").isFalse();

        assertThat(rows.row(anna)).isEqualTo(leased);
        assertThat(rows.row(idle)).isEqualTo(notLeased);
    }

    @Test
    default void handedOnShouldEndTheRelaysPartOnce() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);

        assertThat(d.handedOn(anna, A)).isTrue();
        assertThat(d.handedOn(anna, A)).as("settled once").isFalse();
        assertThat(d.retry(anna, A, T0, "late")).as("no way back to the queue").isFalse();

        assertThat(rows.row(anna)).isEqualTo(new Row(DeliveryStatus.RELAYED, 0, T0, null, null, null));
        assertThat(d.claim(B, 10, 1, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void aRefusalShouldCountTheAttemptAndNeverBeOfferedAgain() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);

        assertThat(d.refused(anna, A, "550 5.1.1 no such user")).isTrue();
        assertThat(d.refused(anna, A, "again")).isFalse();

        assertThat(rows.row(anna)).isEqualTo(new Row(DeliveryStatus.REFUSED, 1, T0, null, null,
                "550 5.1.1 no such user"));
        assertThat(d.claim(B, 10, 1, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void anExpiryShouldCountTheAttemptAndNeverBeOfferedAgain() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);

        assertThat(d.expired(anna, A, "gave up after 24 hours: 421")).isTrue();

        assertThat(rows.row(anna)).isEqualTo(new Row(DeliveryStatus.EXPIRED, 1, T0, null, null,
                "gave up after 24 hours: 421"));
        assertThat(d.claim(B, 10, 1, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void aRetryShouldCountTheAttemptReleaseTheLeaseAndMakeTheRowDueAgainAtItsTime() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);
        Instant at = T0.plus(Duration.ofMinutes(7));

        assertThat(d.retry(anna, A, at, "452 4.2.2 mailbox full")).isTrue();

        assertThat(rows.row(anna)).isEqualTo(new Row(DeliveryStatus.QUEUED, 1, at, null, null,
                "452 4.2.2 mailbox full"));
        assertThat(d.claim(B, 10, 1, at.minusSeconds(1))).as("not before its time, leased or not").isEmpty();
        assertThat(d.claim(B, 10, 1, at)).singleElement().satisfies(batch -> assertThat(batch.recipients())
                .containsExactly(new Recipient(anna, "anna@b.test", 1, T0, T0.plus(DAY))));
        assertThat(d.retry(anna, B, at.plus(Duration.ofMinutes(5)), "421")).isTrue();
        assertThat(rows.row(anna).attempts()).isEqualTo(2);
    }

    @Test
    default void aHeldRowShouldBeKeptForAnOperatorAndNeverClaimed() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);

        assertThat(d.hold(anna, A, "the message to relay (blob 7) is gone")).isTrue();
        assertThat(d.hold(anna, A, "again")).isFalse();

        assertThat(rows.row(anna)).isEqualTo(new Row(DeliveryStatus.HELD, 0, T0, null, null,
                "the message to relay (blob 7) is gone"));
        assertThat(d.claim(B, 10, 1, T0.plus(Duration.ofDays(3)))).isEmpty();
    }

    @Test
    default void eachRowOfABatchShouldBeSettledOnItsOwn() {
        Rows rows = rows();
        long anna = queued(rows, "anna@b.test", 7, T0);
        long bea = queued(rows, "bea@b.test", 7, T0);
        long carla = queued(rows, "carla@b.test", 7, T0);
        Deliveries d = rows.deliveries();
        d.claim(A, 10, 1, T0);
        Instant at = T0.plus(Duration.ofMinutes(1));

        assertThat(d.handedOn(anna, A)).isTrue();
        assertThat(d.retry(bea, A, at, "452 full")).isTrue();
        assertThat(d.refused(carla, A, "550 no")).isTrue();

        assertThat(List.of(rows.row(anna).status(), rows.row(bea).status(), rows.row(carla).status()))
                .containsExactly(DeliveryStatus.RELAYED, DeliveryStatus.QUEUED, DeliveryStatus.REFUSED);
        assertThat(d.claim(B, 10, 1, at)).singleElement()
                .satisfies(batch -> assertThat(batch.ids()).containsExactly(bea));
    }
}
