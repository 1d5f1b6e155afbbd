package it.certmail.pec.batch.scheduler;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import it.certmail.pec.jobs.model.JobRun;
import it.certmail.pec.jobs.model.JobRunStatus;
import it.certmail.pec.jobs.model.JobTrigger;
import it.certmail.pec.jobs.service.JobAlreadyRunningException;
import it.certmail.pec.jobs.service.UnknownJobException;

/**
 * Runs a job by name, now, on the calling thread, and records the run. Quartz firings and admins' manual runs
 * both come through here; a second run of a job already running on this node is refused. The run has no
 * transaction of its own: the job's service calls each have theirs.
 */
@ApplicationScoped
public class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    @Inject
    @Any
    Instance<PecJob> beans;

    @Inject
    JobRunRecorder recorder;

    private final JobRunCounters counters = new JobRunCounters();

    @Inject
    Clock clock;

    private final SortedMap<String, PecJob> jobs = new TreeMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private String node;

    @PostConstruct
    void init() {
        register(beans);
    }

    /** Refuses badly named and same-named jobs: either would make Quartz keys and REST paths ambiguous. */
    void register(Iterable<PecJob> all) {
        for (PecJob job : all) {
            String name = job.name();
            if (name == null || name.length() > 100 || !NAME.matcher(name).matches()) {
                throw new IllegalStateException("job name must be lower-case words joined by dashes: " + name);
            }
            PecJob other = jobs.putIfAbsent(name, job);
            if (other != null) {
                throw new IllegalStateException("two jobs named " + name + ": " + other.getClass() + ", " + job.getClass());
            }
        }
        node = nodeName();
    }

    /** Every job, by name. */
    public Collection<PecJob> jobs() {
        return jobs.values();
    }

    public Optional<PecJob> job(String name) {
        return Optional.ofNullable(jobs.get(name));
    }

    /** The name this node records its runs under: {@code pec.node.name}, else the host name. */
    public String node() {
        return node;
    }

    /** Runs finished on this node since it started, for the metrics. */
    public java.util.Map<String, JobRunCounters.Totals> runTotals() {
        return counters.snapshot();
    }

    public boolean isRunning(String name) {
        return running.contains(name);
    }

    /**
     * Runs the job now and waits for it.
     *
     * @return the finished record: COMPLETED with the job's counts, or FAILED with the error
     * @throws UnknownJobException when no job has this name
     * @throws JobAlreadyRunningException when the job is running on this node
     */
    public JobRun run(String name, JobTrigger trigger) {
        PecJob job = job(name).orElseThrow(() -> new UnknownJobException(name));
        if (!running.add(name)) {
            throw new JobAlreadyRunningException(name);
        }
        try {
            Instant start = clock.instant();
            long id = recorder.started(name, trigger, start, node);
            JobRun finished;
            try {
                JobReport report = job.run(new JobContext(name, trigger, start));
                finished = recorder.completed(id, clock.instant(), report);
            } catch (Exception e) {
                LOG.log(Level.WARNING, e, () -> "job " + name + " failed");
                finished = recorder.failed(id, clock.instant(), describe(e));
            }
            JobRun done = finished;
            counters.finished(name, done.getStatus() == JobRunStatus.COMPLETED,
                    java.time.Duration.between(start, done.getFinishedAt() == null ? clock.instant()
                            : done.getFinishedAt()));
            LOG.info(() -> "job " + name + " (" + trigger.code() + ") " + done.getStatus() + ": processed "
                    + done.getProcessed() + ", errors " + done.getErrors()
                    + (done.getDetail() == null ? "" : ", " + done.getDetail()));
            return done;
        } finally {
            running.remove(name);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String nodeName() {
        String configured = System.getProperty("pec.node.name");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
