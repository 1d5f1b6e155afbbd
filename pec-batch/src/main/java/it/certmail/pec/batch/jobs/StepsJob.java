package it.certmail.pec.batch.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.mailbox.service.LifecycleService;

/** The lifecycle and billing jobs: the due subscriptions of one job, each advanced in its own transaction. */
abstract class StepsJob implements PecJob {

    @Inject
    LifecycleService lifecycle;

    @Override
    public JobSchedule schedule() {
        return JobSchedule.every(Duration.ofHours(1));
    }

    @Override
    public JobReport run(JobContext context) {
        long steps = 0;
        long errors = 0;
        StringBuilder detail = new StringBuilder();
        List<Long> due;
        Set<Long> seen = new HashSet<>();
        do {
            due = new ArrayList<>(lifecycle.due(name(), context.now()));
            // a subscription left due (another job's step next, or an error) is not taken twice in one run
            due.removeIf(id -> !seen.add(id));
            for (Long id : due) {
                try {
                    steps += lifecycle.advance(id, name(), context.now()).size();
                } catch (RuntimeException e) {
                    // one broken subscription does not stop the others; it is tried again next run
                    errors++;
                    if (detail.length() < 1000) {
                        detail.append("subscription ").append(id).append(": ").append(e.getMessage()).append("; ");
                    }
                }
            }
        } while (!due.isEmpty() && due.size() >= LifecycleService.BATCH);
        return new JobReport(steps, errors, steps + " steps performed" + (errors > 0 ? "; " + detail : ""));
    }
}
