package it.certmail.pec.batch.jobs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.mailbox.service.LifecycleService;

/**
 * Comunicazioni ai titolari: every 15 minutes, queues the expiry notices (from 3 months before) and client
 * password reminders (15, 10, 5, 1 days before) that are due, once each, then sends what waits in the outbox:
 * e-mail through the smarthost, SMS through the gateway, PEC notices into the mailbox.
 * Processed = notices sent; errors = notices that failed this time (retried next run).
 */
@ApplicationScoped
public class NoticesJob implements PecJob {

    @Inject
    LifecycleService lifecycle;

    @Override
    public String name() {
        return "notices";
    }

    @Override
    public String description() {
        return "Expiry notices and client password reminders; sends queued e-mail, SMS and PEC notices";
    }

    @Override
    public JobSchedule schedule() {
        return JobSchedule.every(Duration.ofMinutes(15));
    }

    @Override
    public JobReport run(JobContext context) {
        int queued = lifecycle.queueReminders(context.now());
        long sent = 0;
        long failed = 0;
        for (Long id : lifecycle.pendingNotices()) {
            if (lifecycle.sendNotice(id, context.now())) {
                sent++;
            } else {
                failed++;
            }
        }
        return new JobReport(sent, failed, queued + " reminders queued, " + sent + " notices sent"
                + (failed > 0 ? ", " + failed + " not sent (retried next run)" : ""));
    }
}
