package it.certmail.pec.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.model.WorkState;

/**
 * What every {@link WorkQueue} does (James-style contract: each adapter's test implements this interface). Each
 * call is one transaction of its own where the adapter has transactions.
 */
interface WorkQueueContract {

    Instant T0 = Instant.parse("2026-12-06T09:00:00Z");
    it.certmail.pec.transport.model.WorkQueue RELAY = it.certmail.pec.transport.model.WorkQueue.RELAY;
    it.certmail.pec.transport.model.WorkQueue RECEPTION = it.certmail.pec.transport.model.WorkQueue.RECEPTION;

    /** A fresh, empty queue. */
    WorkQueue queue();

    /** The blob a test's work points at (a real row where the adapter's schema wants one). */
    long blob();

    default long enqueue(WorkQueue q, it.certmail.pec.transport.model.WorkQueue name, Instant now) {
        return q.enqueue(new WorkQueue.NewWork(name, blob(), "mario@a.test", List.of("anna@b.test", "bea@b.test"),
                "b.test", true, now.plus(Duration.ofHours(24))), now);
    }

    @Test
    default void claimShouldLeaseDueWorkToOneOwnerOnly() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);

        assertThat(q.claim(RELAY, "node-a", 10, T0)).containsExactly(id);
        assertThat(q.claim(RELAY, "node-b", 10, T0.plusSeconds(1))).isEmpty();
        WorkQueue.Work w = q.find(id).orElseThrow();
        assertThat(w.leaseOwner()).isEqualTo("node-a");
        assertThat(w.leaseUntil()).isEqualTo(T0.plus(WorkQueue.LEASE));
        assertThat(w.recipients()).containsExactly("anna@b.test", "bea@b.test");
        // the worker's value carries the SMTP envelope and the target: it never needs the entity
        assertThat(w.mailFrom()).isEqualTo("mario@a.test");
        assertThat(w.target()).isEqualTo("b.test");
    }

    @Test
    default void claimShouldGiveWorkBackWhenTheLeaseRanOut() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);

        assertThat(q.claim(RELAY, "node-b", 10, T0.plus(WorkQueue.LEASE).plusSeconds(1))).containsExactly(id);
        assertThat(q.complete(id, "node-a")).as("the old owner lost it").isFalse();
        assertThat(q.complete(id, "node-b")).isTrue();
    }

    @Test
    default void claimShouldTakeOnlyItsQueueAndAtMostMaxOldestFirst() {
        WorkQueue q = queue();
        long first = enqueue(q, RELAY, T0);
        long second = enqueue(q, RELAY, T0.plusSeconds(1));
        enqueue(q, RELAY, T0.plusSeconds(2));
        long reception = enqueue(q, RECEPTION, T0);

        assertThat(q.claim(RELAY, "node-a", 2, T0.plusSeconds(5))).containsExactly(first, second);
        assertThat(q.claim(RECEPTION, "node-a", 10, T0.plusSeconds(5))).containsExactly(reception);
    }

    @Test
    default void claimShouldNotTakeWorkBeforeItIsDue() {
        WorkQueue q = queue();
        enqueue(q, RELAY, T0);

        assertThat(q.claim(RELAY, "node-a", 10, T0.minusSeconds(1))).isEmpty();
    }

    @Test
    default void completedWorkShouldNeverBeClaimedAgain() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);

        assertThat(q.complete(id, "node-a")).isTrue();
        assertThat(q.complete(id, "node-a")).as("settled once").isFalse();
        assertThat(q.find(id).orElseThrow().state()).isEqualTo(WorkState.DONE);
        assertThat(q.claim(RELAY, "node-b", 10, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void onlyTheLeaseOwnerShouldSettleWork() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);

        assertThat(q.complete(id, "node-b")).isFalse();
        assertThat(q.fail(id, "node-b", "no", T0)).isFalse();
        assertThat(q.hold(id, "node-b", "no")).isFalse();
        assertThat(q.find(id).orElseThrow().state()).isEqualTo(WorkState.QUEUED);
        assertThat(q.find(id).orElseThrow().leaseOwner()).isEqualTo("node-a");
    }

    @Test
    default void failedRelayWorkShouldBeRetriedOnTheSchedule() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);
        Instant failedAt = T0.plusSeconds(3);
        Instant next = RetrySchedule.standard().nextAttempt(1, failedAt);

        assertThat(q.fail(id, "node-a", "421 try later", failedAt)).isTrue();

        WorkQueue.Work w = q.find(id).orElseThrow();
        assertThat(w.state()).isEqualTo(WorkState.QUEUED);
        assertThat(w.attempts()).isEqualTo(1);
        assertThat(w.nextAttemptAt()).isEqualTo(next);
        assertThat(w.leaseOwner()).isNull();
        assertThat(w.lastError()).isEqualTo("421 try later");
        assertThat(q.claim(RELAY, "node-b", 10, next.minusSeconds(1))).isEmpty();
        assertThat(q.claim(RELAY, "node-b", 10, next)).containsExactly(id);
    }

    @Test
    default void receptionWorkThatKeepsFailingShouldBeHeldNotDropped() {
        WorkQueue q = queue();
        long id = enqueue(q, RECEPTION, T0);
        Instant now = T0;
        for (int i = 1; i < WorkRetries.RECEPTION_ATTEMPTS_BEFORE_HOLD; i++) {
            assertThat(q.claim(RECEPTION, "node-a", 10, now)).containsExactly(id);
            q.fail(id, "node-a", "race " + i, now);
            now = q.find(id).orElseThrow().nextAttemptAt();
        }
        assertThat(q.claim(RECEPTION, "node-a", 10, now)).containsExactly(id);

        q.fail(id, "node-a", "broken message", now);

        WorkQueue.Work w = q.find(id).orElseThrow();
        assertThat(w.state()).isEqualTo(WorkState.HELD);
        assertThat(w.lastError()).isEqualTo("broken message");
        assertThat(q.claim(RECEPTION, "node-a", 10, now.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void heldWorkShouldBeKeptForAnAdminAndNeverClaimed() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);

        assertThat(q.hold(id, "node-a", "unreadable")).isTrue();

        assertThat(q.find(id).orElseThrow().state()).isEqualTo(WorkState.HELD);
        assertThat(q.find(id).orElseThrow().lastError()).isEqualTo("unreadable");
        assertThat(q.claim(RELAY, "node-b", 10, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    default void relayRetryShouldKeepOnlyTheRemainingRecipientsDueAtTheGivenTime() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);
        Instant at = T0.plus(Duration.ofMinutes(7));

        assertThat(q.retry(id, "node-b", List.of("bea@b.test"), at, "no")).as("not its lease").isFalse();
        assertThat(q.retry(id, "node-a", List.of("bea@b.test"), at, "bea@b.test: 452 full")).isTrue();

        WorkQueue.Work w = q.find(id).orElseThrow();
        assertThat(w.state()).isEqualTo(WorkState.QUEUED);
        assertThat(w.recipients()).containsExactly("bea@b.test");
        assertThat(w.attempts()).isEqualTo(1);
        assertThat(w.nextAttemptAt()).isEqualTo(at);
        assertThat(w.lastError()).isEqualTo("bea@b.test: 452 full");
        assertThat(w.leaseOwner()).isNull();
        assertThat(w.createdAt()).as("the 24 h limit still counts from the first queuing").isEqualTo(T0);
        assertThat(q.claim(RELAY, "node-b", 10, at.minusSeconds(1))).isEmpty();
        assertThat(q.claim(RELAY, "node-b", 10, at)).containsExactly(id);
    }

    @Test
    default void relayWorkGivenUpShouldBeFailedAndNeverClaimedAgain() {
        WorkQueue q = queue();
        long id = enqueue(q, RELAY, T0);
        q.claim(RELAY, "node-a", 10, T0);

        assertThat(q.giveUp(id, "node-b", "no")).as("not its lease").isFalse();
        assertThat(q.giveUp(id, "node-a", "anna@b.test: 550 no such user")).isTrue();
        assertThat(q.giveUp(id, "node-a", "again")).as("settled once").isFalse();

        WorkQueue.Work w = q.find(id).orElseThrow();
        assertThat(w.state()).isEqualTo(WorkState.FAILED);
        assertThat(w.attempts()).isEqualTo(1);
        assertThat(w.lastError()).isEqualTo("anna@b.test: 550 no such user");
        assertThat(q.claim(RELAY, "node-b", 10, T0.plus(Duration.ofDays(1)))).isEmpty();
    }
}
