package it.certmail.pec.batch.scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.jobs.model.JobRun;
import it.certmail.pec.jobs.model.JobTrigger;

/**
 * Writes {@code job_run}. Each write is its own transaction (REQUIRES_NEW), so the record of a run survives the
 * rollback of whatever the job did, and a run that dies half way still shows as RUNNING.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JobRunRecorder {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    public long started(String job, JobTrigger trigger, Instant at, String node) {
        JobRun run = new JobRun(job, trigger, at, node);
        em.persist(run);
        return run.getId();
    }

    public JobRun completed(long id, Instant at, JobReport report) {
        JobRun run = em.find(JobRun.class, id);
        run.completed(at, report.processed(), report.errors(), report.detail());
        return run;
    }

    public JobRun failed(long id, Instant at, String error) {
        JobRun run = em.find(JobRun.class, id);
        run.failed(at, 0, 1, error);
        return run;
    }

    /** The latest runs of a job, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<JobRun> recent(String job, int limit) {
        return em.createNamedQuery(JobRun.RECENT, JobRun.class).setParameter("job", job)
                .setMaxResults(Math.max(1, Math.min(limit, 500))).getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<JobRun> last(String job) {
        return recent(job, 1).stream().findFirst();
    }
}
