package it.certmail.pec.transport.service;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;

import it.certmail.pec.platform.service.DataDiskSpace;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.transport.core.Deliveries;
import it.certmail.pec.transport.model.WorkQueue;

/**
 * The loops that drain the work queues on this node: they claim due items with a lease and process each in its
 * own transaction. They poll, and wake early when new work was committed here ({@link WorkSignal}). They pause
 * while the data disk is below the work threshold ({@link DataDiskSpace#hasRoomForWork()}).
 */
@Singleton
public class TransportWorkers {

    private static final Logger LOG = Logger.getLogger(TransportWorkers.class.getName());
    private static final int BATCH = 10;
    private static final long IDLE_POLL_MILLIS = 1000;

    @Resource
    ManagedThreadFactory threads;

    @EJB
    WorkQueueService queue;

    @EJB
    ReceptionService reception;

    @EJB
    RelayService relay;

    @Inject
    WorkSignal signal;

    @Inject
    PlatformSettings settings;

    @Inject
    TransportSettings transport;

    @Inject
    DataDiskSpace disk;

    private final List<Thread> loops = new ArrayList<>();
    /**
     * Tells this run's leases from those of an earlier run of the node (killed, then started again): a lease left
     * by the dead run is nobody's until it runs out, never taken for this run's own.
     */
    private final String incarnation = java.util.UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running;

    /** Called once by {@code StartupTasks}, after the schema, the keys and the service mailbox are in place. */
    public void start() {
        // the free-space guard is made here, on the start thread, not lazily on a loop's (see SmtpEndpoints)
        disk.hasRoomForWork();
        running = true;
        for (int i = 0; i < transport.receptionThreads(); i++) {
            loops.add(loop(WorkQueue.RECEPTION, i));
        }
        for (int i = 0; i < transport.relayThreads(); i++) {
            loops.add(relayLoop(i));
        }
        loops.forEach(Thread::start);
    }

    @PreDestroy
    void stop() {
        running = false;
        signal.nudge();
        for (Thread t : loops) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Thread loop(WorkQueue which, int n) {
        String owner = settings.nodeName() + "/" + which.name().toLowerCase() + "-" + n + "/" + incarnation;
        Thread t = threads.newThread(() -> run(which, owner));
        t.setName("pec-" + which.name().toLowerCase() + "-" + n);
        return t;
    }

    /** A relay loop: it leases the due delivery rows of one (message, domain) at a time and offers them. */
    private Thread relayLoop(int n) {
        String owner = settings.nodeName() + "/relay-" + n + "/" + incarnation;
        Thread t = threads.newThread(() -> runRelay(owner));
        t.setName("pec-relay-" + n);
        return t;
    }

    private void runRelay(String owner) {
        long seen = signal.generation();
        while (running) {
            try {
                if (!disk.hasRoomForWork()) {
                    sleepQuietly(IDLE_POLL_MILLIS);
                    continue;
                }
                List<Deliveries.Batch> claimed = relay.claim(owner, BATCH, transport.relayThreads());
                for (Deliveries.Batch batch : claimed) {
                    if (!disk.hasRoomForWork()) {
                        break; // the rest waits for its lease to end, no attempt counted
                    }
                    relayBatch(batch, owner);
                }
                if (claimed.isEmpty()) {
                    seen = signal.await(seen, IDLE_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "relay loop " + owner + " failed, pausing", e);
                sleepQuietly(IDLE_POLL_MILLIS);
            }
        }
    }

    private void relayBatch(Deliveries.Batch batch, String owner) {
        try {
            relay.settle(relay.attempt(batch), owner);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "relay of blob " + batch.blobId() + " to " + batch.domain()
                    + " failed; it will be retried", e);
            try {
                relay.attemptFailed(batch, owner, rootMessage(e));
            } catch (RuntimeException again) {
                LOG.log(Level.WARNING, "could not record the failure of the relay of blob " + batch.blobId()
                        + "; its lease will expire", again);
            }
        }
    }

    private void run(WorkQueue which, String owner) {
        long seen = signal.generation();
        while (running) {
            try {
                if (!disk.hasRoomForWork()) {
                    // the disk is almost full: claim nothing (no lease, no attempt) until space returns
                    sleepQuietly(IDLE_POLL_MILLIS);
                    continue;
                }
                List<Long> claimed = queue.claim(which, owner, BATCH, transport.receptionThreads());
                for (Long id : claimed) {
                    if (!disk.hasRoomForWork()) {
                        break; // the rest of the batch waits for its lease to end, no attempt counted
                    }
                    process(which, id, owner);
                }
                if (claimed.isEmpty()) {
                    seen = signal.await(seen, IDLE_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is away, or a bug: wait a little rather than spin
                LOG.log(Level.WARNING, "work loop " + owner + " failed, pausing", e);
                sleepQuietly(IDLE_POLL_MILLIS);
            }
        }
    }

    private void process(WorkQueue which, long id, String owner) {
        try {
            reception.process(id, owner);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "work item " + id + " (" + which + ") failed; it will be retried", e);
            try {
                queue.attemptFailed(id, owner, rootMessage(e));
            } catch (RuntimeException again) {
                LOG.log(Level.WARNING, "could not record the failure of work item " + id + "; its lease will expire", again);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
