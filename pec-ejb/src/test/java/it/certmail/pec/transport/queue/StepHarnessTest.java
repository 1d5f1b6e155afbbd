package it.certmail.pec.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.model.WorkQueue;

/**
 * Sketch of the step harness the transport issue asks for: a worker's step driven by hand over the
 * {@link InMemoryWorkQueue}, time a parameter, a crash a flag. The step here is a stand-in delivery, to show the
 * queue's part alone ({@code transport.core.ReceptionPointHarnessTest} drives the real reception point the same
 * way, over in-memory stores); what it shows is the shape: a step's effects are staged and become
 * visible only with the queue's {@code complete}, as the step's one transaction would commit them, so a crash
 * between claim and complete leaves nothing, the lease runs out, another worker claims the item and the effect
 * happens once.
 */
class StepHarnessTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
    /** What the delivery step committed: mailbox -> the blobs filed there. */
    private final Map<String, List<Long>> inboxes = new LinkedHashMap<>();

    /** One pass of a reception worker: claims due work, delivers each item, completes it unless it crashes first. */
    private int step(String owner, Instant now, boolean crashBeforeComplete) {
        int completed = 0;
        for (long id : queue.claim(WorkQueue.RECEPTION, owner, 10, now)) {
            it.certmail.pec.transport.queue.WorkQueue.Work w = queue.find(id).orElseThrow();
            Map<String, Long> staged = new LinkedHashMap<>();
            w.recipients().forEach(r -> staged.put(r, w.blobId()));
            if (crashBeforeComplete) {
                return completed; // the process dies: staged effects are lost with the transaction
            }
            if (queue.complete(id, owner)) {
                staged.forEach((r, blob) -> inboxes.computeIfAbsent(r, k -> new ArrayList<>()).add(blob));
                completed++;
            }
        }
        return completed;
    }

    @Test
    void aCrashBetweenClaimAndCompleteShouldLeaveTheItemToBeClaimedAgainAfterTheLeaseAndDoneOnce() {
        long id = queue.enqueue(new it.certmail.pec.transport.queue.WorkQueue.NewWork(WorkQueue.RECEPTION, 42,
                "mario@pec.example.it", List.of("anna@pec.example.it"), "local", true, T0.plus(Duration.ofHours(24))),
                T0);

        assertThat(step("node-a/reception-0", T0, true)).isZero();
        assertThat(inboxes).isEmpty();
        // still leased to the dead worker: nobody else takes it yet
        assertThat(step("node-b/reception-0", T0.plusSeconds(30), false)).isZero();

        Instant afterLease = T0.plus(it.certmail.pec.transport.queue.WorkQueue.LEASE).plusSeconds(1);
        assertThat(step("node-b/reception-0", afterLease, false)).isEqualTo(1);
        assertThat(inboxes).containsExactly(Map.entry("anna@pec.example.it", List.of(42L)));
        // the dead worker's lease is over: it can settle nothing, and the item is never claimed again
        assertThat(queue.complete(id, "node-a/reception-0")).isFalse();
        assertThat(step("node-c/reception-0", afterLease.plus(Duration.ofHours(1)), false)).isZero();
        assertThat(inboxes.get("anna@pec.example.it")).hasSize(1);
    }
}
