package it.certmail.pec.batch.jobs;

import java.time.LocalTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.transport.service.ReceptionIntakeService;

/**
 * Daily, forgets the copies the reception point took charge of a week ago or more: by then no sender retries them
 * (RFC 6109 §2.2.2 bounds a retry to 24 hours). Processed = ledger entries removed.
 */
@ApplicationScoped
public class ReceptionLedgerJob implements PecJob {

    @Inject
    ReceptionIntakeService intake;

    @Override
    public String name() {
        return "reception-ledger";
    }

    @Override
    public String description() {
        return "Reception point: forget copies taken charge of 7 days ago or more (a resent copy is recognised until then)";
    }

    @Override
    public JobSchedule schedule() {
        return JobSchedule.daily(LocalTime.of(3, 45));
    }

    @Override
    public JobReport run(JobContext context) throws Exception {
        int removed = intake.forgetOldReceptions();
        return JobReport.of(removed, "removed " + removed + " entries");
    }
}
