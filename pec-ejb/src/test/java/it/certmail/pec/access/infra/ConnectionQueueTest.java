package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConnectionQueueTest {

    /** One worker, run by hand: what the shared pool looks like when every thread is busy. */
    private static final class OneWorker implements Executor {
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            queue.add(task);
        }

        void runAll() {
            Runnable r;
            while ((r = queue.poll()) != null) {
                r.run();
            }
        }
    }

    private final OneWorker worker = new OneWorker();
    private final List<String> ran = new ArrayList<>();

    @Test
    void aFloodingConnectionShouldYieldTheWorkerAfterEachCommand() {
        ConnectionQueue flood = new ConnectionQueue("flood", worker);
        ConnectionQueue honest = new ConnectionQueue("honest", worker);
        for (int i = 0; i < 5_000; i++) {
            int n = i;
            flood.execute(() -> ran.add("flood " + n));
        }
        honest.execute(() -> ran.add("honest greeting"));

        worker.runAll();

        assertThat(ran.indexOf("honest greeting")).isLessThanOrEqualTo(1);
        assertThat(ran).hasSize(5_001);
    }

    @Test
    void theCommandsOfOneConnectionShouldRunInOrderAndNeverTwoAtATime() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            ConnectionQueue q = new ConnectionQueue("c", pool);
            var running = new java.util.concurrent.atomic.AtomicInteger();
            var overlaps = new java.util.concurrent.atomic.AtomicInteger();
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            var done = new java.util.concurrent.CountDownLatch(2_000);
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                q.execute(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(n);
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(overlaps).hasValue(0);
            assertThat(order).isSorted().hasSize(2_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theAnswersOfAPipelinedBatchShouldBeFlushedOnceWhenTheQueueRunsDry() {
        ConnectionQueue q = new ConnectionQueue("c", worker);
        q.whenDrained(() -> ran.add("flush"));
        for (int i = 0; i < 3; i++) {
            int n = i;
            q.execute(() -> ran.add("command " + n));
        }
        worker.runAll();
        q.execute(() -> ran.add("command 3"));
        worker.runAll();

        assertThat(ran).containsExactly("command 0", "command 1", "command 2", "flush", "command 3", "flush");
    }

    @Test
    void aPauseShouldHoldTheTasksBehindItWithoutHoldingTheWorker() {
        ConnectionQueue q = new ConnectionQueue("c", worker);
        ArrayDeque<Runnable> timer = new ArrayDeque<>();
        q.execute(() -> {
            ran.add("failed login");
            q.pauseAfterCurrent(TimeUnit.SECONDS.toNanos(2), (task, delay, unit) -> timer.add(task),
                    () -> ran.add("resumed"));
        });
        q.execute(() -> ran.add("next command"));
        ConnectionQueue other = new ConnectionQueue("other", worker);
        other.execute(() -> ran.add("other connection"));

        worker.runAll();
        assertThat(ran).containsExactly("failed login", "other connection");

        timer.poll().run();
        worker.runAll();
        assertThat(ran).containsExactly("failed login", "other connection", "resumed", "next command");
    }
}
