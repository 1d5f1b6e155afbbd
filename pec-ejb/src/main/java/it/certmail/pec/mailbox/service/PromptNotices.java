package it.certmail.pec.mailbox.service;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

/**
 * Sends a delivery's notices (a rule's forward, a new-PEC alert) as soon as the delivery commits, instead of at the
 * notices job's next run up to 15 minutes later: a holder who forwards PEC to an ordinary address expects it at
 * once. Only notices never tried are sent here; the job keeps retrying the ones that failed, so a broken smarthost
 * is not hammered once per delivery. Bursts coalesce: one drain at a time, and a notice queued during a drain
 * schedules one more.
 */
@ApplicationScoped
public class PromptNotices {

    private static final Logger LOG = Logger.getLogger(PromptNotices.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    LifecycleService lifecycle;

    @Inject
    Clock clock;

    private final AtomicBoolean scheduled = new AtomicBoolean();

    void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticesQueued event) {
        if (scheduled.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false); // before reading: what commits from now on schedules another drain
        try {
            for (Long id : lifecycle.untriedNotices()) {
                lifecycle.sendNotice(id, clock.instant());
            }
        } catch (RuntimeException e) {
            // the notices job sends what is left at its next run
            LOG.log(Level.WARNING, e, () -> "prompt notices: left to the notices job");
        }
    }
}
