package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.model.WorkQueue;

/** The loops of a queue are woken by new work on that queue (or on all), not by another queue's. */
class WorkSignalTest {

    private final WorkSignal signal = new WorkSignal();

    @Test
    void aNudgeOfOneQueueShouldMoveOnlyItsGeneration() throws Exception {
        long reception = signal.generation(WorkQueue.RECEPTION);
        long relay = signal.generation(WorkQueue.RELAY);

        signal.nudge(WorkQueue.RECEPTION);

        assertThat(signal.await(WorkQueue.RECEPTION, reception, 10_000)).isEqualTo(reception + 1);
        // not woken: it waits out its (short) timeout and sees nothing new
        assertThat(signal.await(WorkQueue.RELAY, relay, 50)).isEqualTo(relay);

        signal.nudge();

        assertThat(signal.generation(WorkQueue.RECEPTION)).isEqualTo(reception + 2);
        assertThat(signal.generation(WorkQueue.RELAY)).isEqualTo(relay + 1);
    }

    @Test
    void aWaitingLoopShouldBeWokenByItsQueuesNudge() throws Exception {
        long seen = signal.generation(WorkQueue.RELAY);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.await(WorkQueue.RELAY, seen, 60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        signal.nudge(WorkQueue.RECEPTION);
        Thread.sleep(100);
        assertThat(waiting).as("another queue's work wakes nobody here").isNotDone();

        signal.nudge(WorkQueue.RELAY);

        assertThat(waiting.get(30, TimeUnit.SECONDS)).isEqualTo(seen + 1);
    }
}
