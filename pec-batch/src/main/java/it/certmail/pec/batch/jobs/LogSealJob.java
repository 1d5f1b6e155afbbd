package it.certmail.pec.batch.jobs;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.log.service.LogSeals;

/**
 * Sigillo del registro: every few minutes, chains the log entries committed since the last run (one batch per
 * transaction), then seals every closed UTC day that has no seal yet, signed with the provider's key. Processed =
 * entries chained plus days sealed.
 */
@ApplicationScoped
public class LogSealJob implements PecJob {

    /** A run stops after this many batches, so that it stays short; the next run goes on. */
    static final int MAX_BATCHES = 50;
    /** Days sealed per run at most (the first run on an old log seals its whole past). */
    static final int MAX_SEALS = 1000;

    @Inject
    LogSeals seals;

    @Override
    public String name() {
        return "log-seal";
    }

    @Override
    public String description() {
        return "Registro dei messaggi: chain the new entries by hash, seal each closed day with the provider's signature";
    }

    @Override
    public JobSchedule schedule() {
        return JobSchedule.every(Duration.ofMinutes(5));
    }

    @Override
    public JobReport run(JobContext context) {
        long chained = 0;
        for (int i = 0; i < MAX_BATCHES; i++) {
            int n = seals.chainPending();
            chained += n;
            if (n < LogSeals.CHAIN_BATCH) {
                break;
            }
        }
        int sealed = 0;
        LocalDate lastSealed = null;
        for (Optional<LocalDate> day = seals.sealNextDay(); day.isPresent() && sealed < MAX_SEALS;
             day = sealed < MAX_SEALS ? seals.sealNextDay() : Optional.empty()) {
            sealed++;
            lastSealed = day.get();
        }
        return JobReport.of(chained + sealed, "chained " + chained + " entries; sealed " + sealed + " days"
                + (lastSealed == null ? "" : " through " + lastSealed));
    }
}
