package it.certmail.pec.batch.scheduler;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

import it.certmail.pec.jobs.service.UnknownJobException;

/**
 * Starts the clustered Quartz scheduler once the schema is migrated, and keeps one durable job with one trigger
 * per {@link PecJob} in it. Quartz decides when (and on which node); {@link JobRunner} runs and records. No JTA
 * here: Quartz commits its own connections from {@code jdbc/pecNonTx}.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigration")
@TransactionManagement(TransactionManagementType.BEAN)
@Lock(LockType.READ)
public class JobScheduler {

    /** Quartz group of the {@link PecJob} jobs and triggers; other groups (one-shot deadlines) are left alone. */
    public static final String GROUP = "pec-jobs";
    private static final Logger LOG = Logger.getLogger(JobScheduler.class.getName());
    private static final int THREADS = 4;

    @Resource(lookup = QuartzProperties.DATASOURCE_JNDI)
    DataSource dataSource;

    @Inject
    JobRunner runner;

    @Inject
    CdiJobFactory jobFactory;

    private Scheduler scheduler;

    @PostConstruct
    void start() {
        try {
            scheduler = new StdSchedulerFactory(QuartzProperties.clustered(databaseProduct(),
                    System.getProperty(QuartzProperties.NODE_PROPERTY), THREADS)).getScheduler();
            scheduler.setJobFactory(jobFactory);
            register();
            scheduler.start();
            LOG.info(() -> "Quartz started: instance " + instanceId() + ", clustered " + isClustered() + ", "
                    + runner.jobs().size() + " job(s)");
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the job scheduler", e);
        }
    }

    @PreDestroy
    void stop() {
        try {
            if (scheduler != null) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            LOG.warning(() -> "the job scheduler did not stop cleanly: " + e);
        }
    }

    /** The next time Quartz fires the job, empty when it has no trigger (paused, unknown). */
    public Optional<Instant> nextFireTime(String job) {
        try {
            Trigger t = scheduler.getTrigger(TriggerKey.triggerKey(job, GROUP));
            return Optional.ofNullable(t).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Asks Quartz to fire the job once now, on whichever node acquires it (the run is recorded as 'schedule').
     *
     * @throws UnknownJobException when no job has this name
     */
    public void fireNow(String job) {
        JobKey key = JobKey.jobKey(job, GROUP);
        try {
            if (!scheduler.checkExists(key)) {
                throw new UnknownJobException(job);
            }
            scheduler.triggerJob(key);
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether Quartz is started and not in standby or shut down: the dashboard's health of the scheduler. */
    public boolean isStarted() {
        try {
            return scheduler != null && scheduler.isStarted() && !scheduler.isInStandbyMode()
                    && !scheduler.isShutdown();
        } catch (SchedulerException e) {
            return false;
        }
    }

    public String instanceId() {
        try {
            return scheduler.getSchedulerInstanceId();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isClustered() {
        try {
            return scheduler.getMetaData().isJobStoreClustered();
        } catch (SchedulerException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds the triggers that are missing, replaces those whose schedule changed (keeping unchanged ones, so a
     * restart does not move their next firing), and removes jobs of our group that no bean provides any more.
     */
    private void register() throws SchedulerException {
        Set<String> names = new HashSet<>();
        for (PecJob job : runner.jobs()) {
            names.add(job.name());
            JobDetail detail = JobBuilder.newJob(PecQuartzJob.class)
                    .withIdentity(JobKey.jobKey(job.name(), GROUP))
                    .withDescription(truncate(job.description(), 250))
                    .storeDurably()
                    .build();
            Trigger wanted = trigger(job.name(), job.schedule());
            Trigger existing = scheduler.getTrigger(wanted.getKey());
            if (existing == null) {
                scheduler.scheduleJob(detail, Set.of(wanted), true);
                LOG.info(() -> "scheduled job " + job.name() + ": " + job.schedule().describe());
            } else if (!sameSchedule(existing, job.schedule())) {
                scheduler.addJob(detail, true);
                scheduler.rescheduleJob(wanted.getKey(), wanted);
                LOG.info(() -> "rescheduled job " + job.name() + ": " + job.schedule().describe());
            }
        }
        for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
            if (!names.contains(key.getName())) {
                scheduler.deleteJob(key);
                LOG.info(() -> "removed job " + key.getName() + ", which no bean provides any more");
            }
        }
    }

    /** A missed firing runs once as soon as possible, then the schedule goes on. */
    static Trigger trigger(String name, JobSchedule schedule) {
        TriggerBuilder<Trigger> b = TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(name, GROUP);
        if (schedule.isInterval()) {
            return b.startNow().withSchedule(SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(schedule.interval().toMillis()).repeatForever()
                    .withMisfireHandlingInstructionFireNow()).build();
        }
        return b.withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron())
                .inTimeZone(TimeZone.getTimeZone(schedule.zone()))
                .withMisfireHandlingInstructionFireAndProceed()).build();
    }

    static boolean sameSchedule(Trigger existing, JobSchedule schedule) {
        if (schedule.isInterval()) {
            return existing instanceof SimpleTrigger s && s.getRepeatInterval() == schedule.interval().toMillis();
        }
        return existing instanceof CronTrigger c && c.getCronExpression().equals(schedule.cron())
                && c.getTimeZone().getID().equals(schedule.zone().getId());
    }

    private String databaseProduct() {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException(QuartzProperties.DATASOURCE_JNDI + " does not answer", e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
