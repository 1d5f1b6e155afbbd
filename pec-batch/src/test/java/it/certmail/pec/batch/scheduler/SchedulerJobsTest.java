package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.jobs.model.JobRunStatus;
import it.certmail.pec.jobs.model.JobTrigger;
import it.certmail.pec.jobs.service.Jobs;
import it.certmail.pec.jobs.service.ScheduledJob;
import it.certmail.pec.jobs.service.UnknownJobException;

/** The jobs port on the runner and the scheduler, as the console, the REST API and the metrics call it. */
class SchedulerJobsTest {

    private final List<String> fired = new ArrayList<>();

    private SchedulerJobs jobs(PecJob... registered) {
        JobRunner runner = new JobRunner();
        runner.recorder = new JobRunnerTest.InMemoryRecorder();
        runner.clock = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
        runner.register(List.of(registered));
        SchedulerJobs jobs = new SchedulerJobs();
        jobs.runner = runner;
        jobs.scheduler = new JobScheduler() {
            @Override
            public void fireNow(String job) {
                fired.add(job);
            }
        };
        return jobs;
    }

    @Test
    void theJobsShouldBeListedWithTheirScheduleInWords() {
        Jobs jobs = jobs(job("notices"));
        assertThat(jobs.jobs()).extracting(ScheduledJob::name).containsExactly("notices");
        assertThat(jobs.job("notices").orElseThrow().schedule().describe()).isEqualTo("every PT5M");
        assertThat(jobs.job("nope")).isEmpty();
    }

    @Test
    void aRunThroughThePortShouldCountInTheRunTotals() {
        Jobs jobs = jobs(job("notices"));
        assertThat(jobs.run("notices", JobTrigger.MANUAL).getStatus()).isEqualTo(JobRunStatus.COMPLETED);
        assertThat(jobs.runTotals()).containsOnlyKeys("notices");
        assertThat(jobs.runTotals().get("notices").completed()).isEqualTo(1);
        assertThat(jobs.runTotals().get("notices").failed()).isZero();
    }

    @Test
    void firingAnUnknownJobShouldBeRefusedBeforeQuartzIsAsked() {
        Jobs jobs = jobs(job("notices"));
        assertThatThrownBy(() -> jobs.fireNow("nope")).isInstanceOf(UnknownJobException.class)
                .hasMessageContaining("nope");
        jobs.fireNow("notices");
        assertThat(fired).containsExactly("notices");
    }

    private static PecJob job(String name) {
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
                return JobSchedule.every(Duration.ofMinutes(5));
            }

            @Override
            public JobReport run(JobContext context) {
                return JobReport.of(3, null);
            }
        };
    }
}
