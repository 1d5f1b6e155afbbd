package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManagedThreadPoolTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private ManagedThreadPool pool(int threads) throws Exception {
        ManagedThreadPool pool = new ManagedThreadPool(executor, threads, 5);
        pool.initialize();
        return pool;
    }

    @Test
    void poolShouldRunAtMostThreadCountJobsAtOnce() throws Exception {
        ManagedThreadPool pool = pool(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        Runnable blocking = () -> {
            started.incrementAndGet();
            await(release);
        };
        assertThat(pool.runInThread(blocking)).isTrue();
        assertThat(pool.runInThread(blocking)).isTrue();
        CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> pool.runInThread(blocking));
        Thread.sleep(300);
        assertThat(third).isNotDone();
        assertThat(pool.busy()).isEqualTo(2);

        release.countDown();
        assertThat(third.get(5, TimeUnit.SECONDS)).isTrue();
        waitUntil(() -> started.get() == 3 && pool.busy() == 0);
    }

    @Test
    void blockForAvailableThreadsShouldWaitForAFreeSlot() throws Exception {
        ManagedThreadPool pool = pool(1);
        assertThat(pool.blockForAvailableThreads()).isEqualTo(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.runInThread(() -> await(release));
        CompletableFuture<Integer> free = CompletableFuture.supplyAsync(pool::blockForAvailableThreads);
        Thread.sleep(300);
        assertThat(free).isNotDone();
        release.countDown();
        assertThat(free.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void shutdownWithWaitShouldReturnOnlyAfterRunningJobsEnd() throws Exception {
        ManagedThreadPool pool = pool(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        pool.runInThread(() -> {
            await(release);
            finished.incrementAndGet();
        });
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> pool.shutdown(true));
        Thread.sleep(300);
        assertThat(shutdown).isNotDone();
        release.countDown();
        shutdown.get(5, TimeUnit.SECONDS);
        assertThat(finished).hasValue(1);
    }

    @Test
    void shutdownWithoutWaitShouldReturnAtOnceAndReleaseABlockedScheduler() throws Exception {
        ManagedThreadPool pool = pool(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.runInThread(() -> await(release));
        CompletableFuture<Integer> free = CompletableFuture.supplyAsync(pool::blockForAvailableThreads);
        Thread.sleep(300);
        pool.shutdown(false);
        // Quartz's loop reads 0 as "nothing to do" and then sees it was halted
        assertThat(free.get(5, TimeUnit.SECONDS)).isZero();
        assertThat(pool.busy()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void refusedTaskShouldRunOnTheCallingThreadAndNeverAnswerFalse() throws Exception {
        ManagedThreadPool pool = new ManagedThreadPool(task -> {
            throw new RejectedExecutionException("stopping");
        }, 1, 5);
        pool.initialize();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        assertThat(pool.runInThread(() -> ranOn.set(Thread.currentThread()))).isTrue();
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThat(pool.busy()).isZero();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
