package it.certmail.pec.batch.jobs;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.transport.service.TimeoutNotices;

/**
 * Avvisi di mancata consegna per superamento dei tempi massimi (RFC 6109 §3.1.6): every minute, the certified
 * recipients whose 12 h or 24 h deadline has passed get their notice, once. The state is in the database, so a
 * restart or a missed run only delays a notice by a minute. A recipient whose notice cannot be made is held with
 * its error (a wait of 5 minutes, doubling up to an hour) and named in the report; the others go on. Processed =
 * notices sent.
 */
@ApplicationScoped
public class DeliveryTimeoutsJob implements PecJob {

    @Inject
    TimeoutNotices tracking;

    @Override
    public String name() {
        return "delivery-timeouts";
    }

    @Override
    public String description() {
        return "12 h and 24 h notices for certified recipients without presa in carico or consegna (RFC 6109 §3.1.6)";
    }

    @Override
    public JobSchedule schedule() {
        return JobSchedule.every(Duration.ofMinutes(1));
    }

    @Override
    public JobReport run(JobContext context) {
        OneByOneOnFailure.Items checks = new OneByOneOnFailure.Items() {
            @Override
            public List<Long> due(int max) {
                return tracking.dueTimeoutChecks(max);
            }

            @Override
            public int process(List<Long> ids) {
                return tracking.sendTimeoutNotices(ids);
            }

            @Override
            public void hold(long id, String error) {
                tracking.holdTimeoutCheck(id, error);
            }
        };
        return new OneByOneOnFailure(checks, TimeoutNotices.BATCH, "notices sent").run();
    }
}
