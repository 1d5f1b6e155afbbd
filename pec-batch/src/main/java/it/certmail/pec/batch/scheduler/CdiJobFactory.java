package it.certmail.pec.batch.scheduler;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.quartz.Job;
import org.quartz.SchedulerException;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Quartz gets its job instances from CDI, so they can {@code @Inject} services. A {@code @Dependent} job is
 * destroyed when its execution ends.
 */
@ApplicationScoped
public class CdiJobFactory implements JobFactory {

    @Inject
    @Any
    Instance<Job> jobs;

    @Override
    public Job newJob(TriggerFiredBundle bundle, org.quartz.Scheduler scheduler) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        Instance<? extends Job> candidates = jobs.select(type);
        if (!candidates.isResolvable()) {
            throw new SchedulerException("no single CDI bean of " + type.getName() + " for Quartz job "
                    + bundle.getJobDetail().getKey());
        }
        Instance.Handle<? extends Job> handle = candidates.getHandle();
        Job job = handle.get();
        if (!Dependent.class.equals(handle.getBean().getScope())) {
            return job;
        }
        return context -> {
            try {
                job.execute(context);
            } finally {
                handle.destroy();
            }
        };
    }
}
