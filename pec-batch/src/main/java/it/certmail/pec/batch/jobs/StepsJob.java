package it.certmail.pec.batch.jobs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

import javax.naming.InitialContext;
import javax.naming.NamingException;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.mailbox.service.ChunkOutcome;
import it.certmail.pec.mailbox.service.DueSubscription;
import it.certmail.pec.mailbox.service.LifecycleService;

/**
 * The lifecycle and billing jobs: the due subscriptions of one job, in chunks of {@code pec.jobs.chunk} (default
 * 250) per transaction on {@code pec.jobs.workers} (default 3) worker threads, one by one where a chunk fails or
 * leaves them ({@link ChunkedSteps}).
 */
abstract class StepsJob implements PecJob {

    private static final Logger LOG = Logger.getLogger(StepsJob.class.getName());
    private static final String THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    @Inject
    LifecycleService lifecycle;

    @Inject
    @ConfigProperty(name = "pec.jobs.workers", defaultValue = "3")
    int workers;

    @Inject
    @ConfigProperty(name = "pec.jobs.chunk", defaultValue = "250")
    int chunk;

    @Override
    public JobSchedule schedule() {
        return JobSchedule.every(Duration.ofHours(1));
    }

    @Override
    public JobReport run(JobContext context) throws InterruptedException {
        String job = name();
        ChunkedSteps.Steps steps = new ChunkedSteps.Steps() {
            @Override
            public List<DueSubscription> due(DueSubscription after, int max) {
                return lifecycle.due(job, context.now(), after, max);
            }

            @Override
            public ChunkOutcome chunk(List<Long> ids) {
                return lifecycle.advanceChunk(ids, job, context.now());
            }

            @Override
            public int single(long id) {
                return lifecycle.advance(id, job, context.now()).size();
            }
        };
        return new ChunkedSteps(steps, workers > 1 ? threads() : null, workers, chunk).run();
    }

    /** The container's thread factory (threads that may call EJBs); none: the job's own thread does it all. */
    private static ThreadFactory threads() {
        try {
            return (ThreadFactory) new InitialContext().lookup(THREAD_FACTORY);
        } catch (NamingException | ClassCastException e) {
            LOG.warning(() -> "no managed thread factory at " + THREAD_FACTORY + ", one worker only: " + e);
            return null;
        }
    }
}
