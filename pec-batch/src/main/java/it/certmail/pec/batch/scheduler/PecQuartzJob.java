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
import it.certmail.pec.platform.service.DataDiskSpace;

/**
 * The one Quartz job class behind every {@link PecJob}: the job key's name says which. Never two at once in the
 * cluster ({@code @DisallowConcurrentExecution} holds per job key, through the clustered store). A firing while the
 * data disk is below the work threshold is skipped, not run and not recorded: the next firing catches up.
 */
@Dependent
@DisallowConcurrentExecution
public class PecQuartzJob implements Job {

    private static final Logger LOG = Logger.getLogger(PecQuartzJob.class.getName());

    @Inject
    JobRunner runner;

    @Inject
    DataDiskSpace disk;

    @Override
    public void execute(JobExecutionContext context) {
        String name = context.getJobDetail().getKey().getName();
        if (!disk.hasRoomForWork()) {
            // the disk is almost full (logged once by DataDiskSpace): skip this firing, the next one runs
            LOG.fine(() -> "skipped the scheduled run of " + name + ": data disk almost full");
            return;
        }
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
