package it.certmail.pec.jobs.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Esecuzione di un job: one run of a scheduled job, recorded RUNNING when it starts and closed as COMPLETED or
 * FAILED with what it processed. Table {@code job_run} (V6).
 */
@Entity
@Table(name = "job_run")
@NamedQuery(name = JobRun.RECENT, query = "SELECT r FROM JobRun r WHERE r.jobName = :job ORDER BY r.startedAt DESC, r.id DESC")
public class JobRun {

    public static final String RECENT = "JobRun.recent";
    private static final int DETAIL_MAX = 4000;

    @Id
    @SequenceGenerator(name = "job_run_seq", sequenceName = "job_run_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "job_run_seq")
    private Long id;

    @Column(name = "job_name", nullable = false, length = 100)
    private String jobName;

    /** {@link JobTrigger#code()}: 'schedule' or 'manual' */
    @Column(name = "triggered_by", nullable = false, length = 16)
    private String triggeredBy;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private JobRunStatus status;

    @Column(name = "processed", nullable = false)
    private long processed;

    @Column(name = "errors", nullable = false)
    private long errors;

    @Column(name = "detail", length = DETAIL_MAX)
    private String detail;

    @Column(name = "node", nullable = false, length = 200)
    private String node;

    protected JobRun() {
    }

    public JobRun(String jobName, JobTrigger trigger, Instant startedAt, String node) {
        this.jobName = jobName;
        this.triggeredBy = trigger.code();
        this.startedAt = startedAt;
        this.status = JobRunStatus.RUNNING;
        this.node = node;
    }

    public void completed(Instant at, long processed, long errors, String detail) {
        finish(JobRunStatus.COMPLETED, at, processed, errors, detail);
    }

    public void failed(Instant at, long processed, long errors, String detail) {
        finish(JobRunStatus.FAILED, at, processed, errors, detail);
    }

    private void finish(JobRunStatus end, Instant at, long processed, long errors, String detail) {
        this.status = end;
        this.finishedAt = at;
        this.processed = processed;
        this.errors = errors;
        this.detail = detail == null || detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX);
    }

    public Long getId() { return id; }
    public String getJobName() { return jobName; }
    public JobTrigger getTrigger() { return JobTrigger.ofCode(triggeredBy); }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public JobRunStatus getStatus() { return status; }
    public long getProcessed() { return processed; }
    public long getErrors() { return errors; }
    public String getDetail() { return detail; }
    public String getNode() { return node; }
}
