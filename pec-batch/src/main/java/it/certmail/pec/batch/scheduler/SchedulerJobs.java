package it.certmail.pec.batch.scheduler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.jobs.model.JobRun;
import it.certmail.pec.jobs.model.JobTrigger;
import it.certmail.pec.jobs.service.Jobs;
import it.certmail.pec.jobs.service.ScheduledJob;
import it.certmail.pec.jobs.service.UnknownJobException;

/** The jobs port of pec-ejb on this module's runner, run records and Quartz scheduler. */
@ApplicationScoped
public class SchedulerJobs implements Jobs {

    @Inject
    JobRunner runner;

    @Inject
    JobRunRecorder runs;

    @Inject
    JobScheduler scheduler;

    @Override
    public List<ScheduledJob> jobs() {
        return List.copyOf(runner.jobs());
    }

    @Override
    public Optional<ScheduledJob> job(String name) {
        return runner.job(name).map(ScheduledJob.class::cast);
    }

    @Override
    public boolean isRunning(String name) {
        return runner.isRunning(name);
    }

    @Override
    public JobRun run(String name, JobTrigger trigger) {
        return runner.run(name, trigger);
    }

    @Override
    public void fireNow(String name) {
        // checked here: thrown inside the scheduler EJB it would reach the caller wrapped in an EJBException
        if (runner.job(name).isEmpty()) {
            throw new UnknownJobException(name);
        }
        scheduler.fireNow(name);
    }

    @Override
    public Optional<Instant> nextFireTime(String name) {
        return scheduler.nextFireTime(name);
    }

    @Override
    public Optional<JobRun> last(String name) {
        return runs.last(name);
    }

    @Override
    public List<JobRun> recent(String name, int limit) {
        return runs.recent(name, limit);
    }

    @Override
    public Map<String, RunTotals> runTotals() {
        Map<String, RunTotals> out = new LinkedHashMap<>();
        runner.runTotals().forEach((job, t) -> out.put(job, new RunTotals(t.completed(), t.failed(), t.seconds())));
        return out;
    }

    @Override
    public boolean isStarted() {
        return scheduler.isStarted();
    }

    @Override
    public String instanceId() {
        return scheduler.instanceId();
    }
}
