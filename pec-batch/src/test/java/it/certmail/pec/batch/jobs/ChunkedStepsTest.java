package it.certmail.pec.batch.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.mailbox.service.ChunkOutcome;
import it.certmail.pec.mailbox.service.DueSubscription;

/** The job's chunking and workers against an in-memory stand-in for the lifecycle service. */
class ChunkedStepsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** Due subscriptions by (due time, id); a step done removes it, as the real one moves its next step on. */
    private static final class FakeSteps implements ChunkedSteps.Steps {
        final ConcurrentSkipListMap<DueSubscription, Boolean> due = new ConcurrentSkipListMap<>(
                (a, b) -> a.dueAt().equals(b.dueAt()) ? Long.compare(a.id(), b.id()) : a.dueAt().compareTo(b.dueAt()));
        final Map<Long, Integer> performed = new ConcurrentHashMap<>();
        final AtomicInteger chunks = new AtomicInteger();
        final AtomicInteger singles = new AtomicInteger();
        long brokenInChunk = -1;
        long brokenAlone = -1;
        long leftToSingle = -1;

        FakeSteps(int n) {
            for (long id = 1; id <= n; id++) {
                // several subscriptions share a due time, as expiries on the hour do
                due.put(new DueSubscription(id, T0.plusSeconds(id / 10)), true);
            }
        }

        @Override
        public List<DueSubscription> due(DueSubscription after, int max) {
            List<DueSubscription> page = new ArrayList<>();
            for (DueSubscription d : after == null ? due.keySet() : due.tailMap(after, false).keySet()) {
                if (page.size() == max) {
                    break;
                }
                page.add(d);
            }
            return page;
        }

        @Override
        public ChunkOutcome chunk(List<Long> ids) {
            chunks.incrementAndGet();
            if (ids.contains(brokenInChunk)) {
                throw new IllegalStateException("duplicate key");
            }
            List<Long> single = new ArrayList<>();
            int steps = 0;
            for (Long id : ids) {
                if (id == leftToSingle) {
                    single.add(id);
                } else {
                    perform(id);
                    steps++;
                }
            }
            return new ChunkOutcome(steps, single);
        }

        @Override
        public int single(long id) {
            singles.incrementAndGet();
            if (id == brokenAlone) {
                throw new IllegalStateException("mailbox " + id + " is broken");
            }
            perform(id);
            return 1;
        }

        private void perform(long id) {
            performed.merge(id, 1, Integer::sum);
            due.keySet().removeIf(d -> d.id() == id);
        }
    }

    @Test
    void everyDueSubscriptionShouldBeAdvancedExactlyOnceAcrossWorkers() throws InterruptedException {
        FakeSteps steps = new FakeSteps(1000);

        JobReport report = new ChunkedSteps(steps, Executors.defaultThreadFactory(), 3, 7).run();

        assertThat(report.processed()).isEqualTo(1000);
        assertThat(report.errors()).isZero();
        assertThat(steps.performed).hasSize(1000).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
        assertThat(steps.chunks.get()).isEqualTo(143);
        assertThat(steps.singles.get()).isZero();
    }

    @Test
    void aFailingChunkShouldBeRedoneOneByOneAndOnlyTheBrokenSubscriptionCounted() throws InterruptedException {
        FakeSteps steps = new FakeSteps(100);
        steps.brokenInChunk = 13;
        steps.brokenAlone = 13;

        JobReport report = new ChunkedSteps(steps, Executors.defaultThreadFactory(), 2, 10).run();

        assertThat(report.processed()).isEqualTo(99);
        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.detail()).contains("1 chunks redone one by one", "subscription 13: mailbox 13 is broken");
        assertThat(steps.singles.get()).isEqualTo(10);
        assertThat(steps.performed).doesNotContainKey(13L).hasSize(99);
    }

    @Test
    void whatAChunkLeavesShouldGoOneByOneOnTheCallingThreadWithoutWorkers() throws InterruptedException {
        FakeSteps steps = new FakeSteps(50);
        steps.leftToSingle = 42;

        JobReport report = new ChunkedSteps(steps, null, 4, 20).run();

        assertThat(report.processed()).isEqualTo(50);
        assertThat(report.detail()).isEqualTo("50 steps performed");
        assertThat(steps.singles.get()).isEqualTo(1);
        assertThat(steps.chunks.get()).isEqualTo(3);
    }

    @Test
    void aRunShouldNotWaitForWorkerThreadsThatNeverRun() throws InterruptedException {
        FakeSteps steps = new FakeSteps(300);
        // a factory whose threads never run the task, as a container may do while the application starts or stops
        JobReport report = new ChunkedSteps(steps, r -> new Thread(() -> { }), 3, 25).run();

        assertThat(report.processed()).isEqualTo(300);
        assertThat(steps.performed).hasSize(300).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void noWorkerThreadShouldStartForASingleChunk() throws InterruptedException {
        FakeSteps steps = new FakeSteps(5);
        AtomicInteger threads = new AtomicInteger();

        JobReport report = new ChunkedSteps(steps, r -> {
            threads.incrementAndGet();
            return new Thread(r);
        }, 3, 10).run();

        assertThat(report.processed()).isEqualTo(5);
        assertThat(threads.get()).isZero();
    }
}
