package it.certmail.pec.batch.scheduler;

import java.util.logging.Logger;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

import it.certmail.pec.jobs.model.JobTrigger;
import it.certmail.pec.jobs.service.JobAlreadyRunningException;
import it.certmail.pec.jobs.service.UnknownJobException;

/**
 * The one Quartz job class behind every {@link PecJob}: the job key's name says which. Never two at once in the
 * cluster ({@code @DisallowConcurrentExecution} holds per job key, through the clustered store).
 */
@Dependent
@DisallowConcurrentExecution
public class PecQuartzJob implements Job {

    private static final Logger LOG = Logger.getLogger(PecQuartzJob.class.getName());

    @Inject
    JobRunner runner;

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        try {
            runner.run(name, JobTrigger.SCHEDULE);
        } catch (JobAlreadyRunningException e) {
            LOG.info(() -> "skipped the scheduled run: " + e.getMessage());
        } catch (UnknownJobException e) {
            // a node with an older build: the job is not in this one
            LOG.warning(() -> "Quartz fired " + name + ", which this node does not have");
        }
    }
}
