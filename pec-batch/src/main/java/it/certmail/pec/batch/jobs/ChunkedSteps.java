package it.certmail.pec.batch.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.mailbox.service.ChunkOutcome;
import it.certmail.pec.mailbox.service.DueSubscription;

/**
 * Passi a blocchi in parallelo: one run of the lifecycle or billing job. The calling thread pages through the due
 * subscriptions in {@code (due time, id)} order (keyset) and hands chunks to a few workers; each chunk is one
 * transaction ({@link Steps#chunk}). A chunk that fails commits nothing and its subscriptions are then advanced
 * one transaction each ({@link Steps#single}), so one broken mailbox costs only itself: it is counted as an error
 * and told in the report, and tried again next run. Subscriptions a chunk leaves (purge, deletion, charges) go the
 * same one-by-one way. Chunks are disjoint and every transaction locks its rows, so workers never do a step twice;
 * a run that dies loses at most its open transactions, which the next run does again. Worker threads start only
 * when there is more than one chunk; the calling thread works too (when the queue is full, and at the end on what
 * is left), so a run never waits for a worker thread that the container did not start.
 */
final class ChunkedSteps {

    private static final Logger LOG = Logger.getLogger(ChunkedSteps.class.getName());
    private static final int MAX_DETAIL = 1000;

    /** What the job does, each call in its own transaction. */
    interface Steps {

        /** The next page of due subscriptions after {@code after} ({@code null}: from the start). */
        List<DueSubscription> due(DueSubscription after, int max);

        /** The due steps of these subscriptions, in one transaction; throws when it rolled back. */
        ChunkOutcome chunk(List<Long> ids);

        /** The due steps of one subscription, in its own transaction; returns how many. */
        int single(long id);
    }

    private final Steps steps;
    private final ThreadFactory threads;
    private final int workers;
    private final int chunkSize;

    private final AtomicLong done = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private final StringBuilder detail = new StringBuilder();

    /**
     * @param threads   makes the worker threads (the container's managed factory); {@code null}: the calling thread
     *                  does all chunks itself
     * @param workers   worker threads (ignored without {@code threads})
     * @param chunkSize subscriptions per chunk transaction
     */
    ChunkedSteps(Steps steps, ThreadFactory threads, int workers, int chunkSize) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.threads = threads;
        this.workers = threads == null ? 0 : Math.max(1, workers);
        this.chunkSize = Math.max(1, chunkSize);
    }

    JobReport run() throws InterruptedException {
        BlockingQueue<List<Long>> queue = new ArrayBlockingQueue<>(Math.max(2, workers * 2));
        AtomicBoolean finished = new AtomicBoolean();
        AtomicInteger busy = new AtomicInteger();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        int page = chunkSize * Math.max(1, workers);
        boolean started = false;
        DueSubscription cursor = null;
        try {
            List<DueSubscription> due;
            do {
                due = steps.due(cursor, page);
                if (!due.isEmpty()) {
                    cursor = due.get(due.size() - 1);
                }
                if (!started && workers > 0 && due.size() > chunkSize) {
                    // threads only when there is more than one chunk of work
                    for (int i = 0; i < workers; i++) {
                        threads.newThread(() -> work(queue, finished, busy)).start();
                    }
                    started = true;
                }
                List<Long> chunk = new ArrayList<>(chunkSize);
                for (DueSubscription d : due) {
                    // a subscription seen already in this run (its next step is due again) waits for the next run
                    if (seen.add(d.id())) {
                        chunk.add(d.id());
                    }
                    if (chunk.size() == chunkSize) {
                        hand(queue, chunk, started);
                        chunk = new ArrayList<>(chunkSize);
                    }
                }
                if (!chunk.isEmpty()) {
                    hand(queue, chunk, started);
                }
            } while (due.size() == page);
        } finally {
            // workers take no new chunk after their current one; the calling thread does what is still queued
            // itself, so it never waits for a worker the container did not start, only for chunks being done
            finished.set(true);
            for (List<Long> chunk = queue.poll(); chunk != null; chunk = queue.poll()) {
                process(chunk);
            }
            while (busy.get() > 0) {
                Thread.sleep(20);
            }
        }
        String text = done.get() + " steps performed"
                + (fallbacks.get() > 0 ? "; " + fallbacks.get() + " chunks redone one by one" : "")
                + (errors.get() > 0 ? "; " + detail : "");
        return new JobReport(done.get(), errors.get(), text);
    }

    /** Queues a chunk for the workers; without workers, or when they are all behind, does it now. */
    private void hand(BlockingQueue<List<Long>> queue, List<Long> chunk, boolean started) throws InterruptedException {
        if (!started || !queue.offer(chunk, 1, TimeUnit.SECONDS)) {
            process(chunk);
        }
    }

    private void work(BlockingQueue<List<Long>> queue, AtomicBoolean finished, AtomicInteger busy) {
        try {
            while (!finished.get()) {
                // busy from before the take: the caller never sees an empty queue and nobody busy mid-chunk
                busy.incrementAndGet();
                try {
                    List<Long> chunk = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (chunk != null) {
                        process(chunk);
                    }
                } finally {
                    busy.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            // the application is stopping: what is left is done by the calling thread or the next run
            Thread.currentThread().interrupt();
        }
    }

    private void process(List<Long> chunk) {
        List<Long> one;
        try {
            ChunkOutcome outcome = steps.chunk(chunk);
            done.addAndGet(outcome.steps());
            one = outcome.single();
        } catch (RuntimeException e) {
            // nothing of the chunk committed: each subscription on its own, so the broken one is found
            fallbacks.incrementAndGet();
            LOG.warning(() -> "chunk of " + chunk.size() + " subscriptions failed, redone one by one: " + e);
            one = chunk;
        }
        for (Long id : one) {
            try {
                done.addAndGet(steps.single(id));
            } catch (RuntimeException e) {
                // one broken subscription does not stop the others; it is tried again next run
                errors.incrementAndGet();
                synchronized (detail) {
                    if (detail.length() < MAX_DETAIL) {
                        detail.append("subscription ").append(id).append(": ").append(e.getMessage()).append("; ");
                    }
                }
            }
        }
    }
}
