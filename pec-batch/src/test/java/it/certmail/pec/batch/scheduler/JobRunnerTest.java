package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import it.certmail.pec.jobs.model.JobRun;
import it.certmail.pec.jobs.model.JobRunStatus;
import it.certmail.pec.jobs.model.JobTrigger;
import it.certmail.pec.jobs.service.JobAlreadyRunningException;
import it.certmail.pec.jobs.service.UnknownJobException;

class JobRunnerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T03:15:00Z");

    private final InMemoryRecorder recorder = new InMemoryRecorder();

    private JobRunner runner(PecJob... jobs) {
        JobRunner runner = new JobRunner();
        runner.recorder = recorder;
        runner.clock = Clock.fixed(T0, ZoneOffset.UTC);
        runner.register(List.of(jobs));
        return runner;
    }

    @Test
    void runShouldRecordStartAndCompletionWithTheJobsCountsAndTheClocksTime() {
        List<JobContext> seen = new ArrayList<>();
        JobRun run = runner(job("log-retention", c -> {
            seen.add(c);
            return new JobReport(7, 1, "one skipped");
        })).run("log-retention", JobTrigger.MANUAL);

        assertThat(run.getStatus()).isEqualTo(JobRunStatus.COMPLETED);
        assertThat(run.getProcessed()).isEqualTo(7);
        assertThat(run.getErrors()).isEqualTo(1);
        assertThat(run.getDetail()).isEqualTo("one skipped");
        assertThat(run.getTrigger()).isEqualTo(JobTrigger.MANUAL);
        assertThat(run.getStartedAt()).isEqualTo(T0);
        assertThat(seen).containsExactly(new JobContext("log-retention", JobTrigger.MANUAL, T0));
        assertThat(recorder.events).containsExactly("started log-retention manual", "completed");
    }

    @Test
    void aThrowingJobShouldBeRecordedFailedAndMayRunAgain() {
        JobRunner runner = runner(job("lifecycle", c -> {
            throw new java.sql.SQLException("database gone");
        }));
        JobRun run = runner.run("lifecycle", JobTrigger.SCHEDULE);
        assertThat(run.getStatus()).isEqualTo(JobRunStatus.FAILED);
        assertThat(run.getDetail()).isEqualTo("SQLException: database gone");
        assertThat(runner.isRunning("lifecycle")).isFalse();
        assertThat(runner.run("lifecycle", JobTrigger.MANUAL).getStatus()).isEqualTo(JobRunStatus.FAILED);
    }

    @Test
    void unknownJobShouldBeRefusedWithoutARecord() {
        assertThatThrownBy(() -> runner().run("nope", JobTrigger.MANUAL)).isInstanceOf(UnknownJobException.class);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void secondRunOfARunningJobShouldBeRefused() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobRunner runner = runner(job("billing", c -> {
            inside.countDown();
            release.await(10, TimeUnit.SECONDS);
            return JobReport.of(1, null);
        }));
        CompletableFuture<JobRun> first = CompletableFuture.supplyAsync(() -> runner.run("billing", JobTrigger.SCHEDULE));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.isRunning("billing")).isTrue();
        assertThatThrownBy(() -> runner.run("billing", JobTrigger.MANUAL)).isInstanceOf(JobAlreadyRunningException.class);
        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(JobRunStatus.COMPLETED);
        assertThat(runner.run("billing", JobTrigger.MANUAL).getProcessed()).isEqualTo(1);
    }

    @Test
    void duplicateOrBadlyNamedJobsShouldBeRefusedAtStart() {
        JobReportFn ok = c -> JobReport.of(0, null);
        assertThatThrownBy(() -> runner(job("notices", ok), job("notices", ok))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two jobs named notices");
        assertThatThrownBy(() -> runner(job("Log Retention", ok))).isInstanceOf(IllegalStateException.class);
        assertThat(runner(job("b", ok), job("a-1", ok)).jobs()).extracting(PecJob::name).containsExactly("a-1", "b");
    }

    interface JobReportFn {
        JobReport run(JobContext c) throws Exception;
    }

    private static PecJob job(String name, JobReportFn body) {
        return new PecJob() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "test job " + name;
            }

            @Override
            public JobSchedule schedule() {
                return JobSchedule.every(java.time.Duration.ofMinutes(1));
            }

            @Override
            public JobReport run(JobContext context) throws Exception {
                return body.run(context);
            }
        };
    }

    /** The recorder without a database: keeps the rows in a map. */
    static final class InMemoryRecorder extends JobRunRecorder {
        final List<String> events = new ArrayList<>();
        private final Map<Long, JobRun> rows = new HashMap<>();

        @Override
        public synchronized long started(String job, JobTrigger trigger, Instant at, String node) {
            events.add("started " + job + " " + trigger.code());
            long id = rows.size() + 50L;
            rows.put(id, new JobRun(job, trigger, at, node));
            return id;
        }

        @Override
        public synchronized JobRun completed(long id, Instant at, JobReport report) {
            events.add("completed");
            JobRun run = rows.get(id);
            run.completed(at, report.processed(), report.errors(), report.detail());
            return run;
        }

        @Override
        public synchronized JobRun failed(long id, Instant at, String error) {
            events.add("failed");
            JobRun run = rows.get(id);
            run.failed(at, 0, 1, error);
            return run;
        }
    }
}
