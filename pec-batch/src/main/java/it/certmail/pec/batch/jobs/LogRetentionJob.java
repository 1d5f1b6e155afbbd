package it.certmail.pec.batch.jobs;

import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.log.domain.RetentionPolicy;
import it.certmail.pec.log.infra.LogPartitions;
import it.certmail.pec.log.service.LogSeals;

/**
 * Conservazione del registro: the log is kept 30 months (RFC 6109 §2.3). Daily, it creates the monthly partitions
 * for the current month and the next {@value #MONTHS_AHEAD}, and removes every month before the first kept one
 * (whole partitions on PostgreSQL, rows on H2) once all its days are sealed; their seals stay. Processed = log entries removed.
 */
@ApplicationScoped
public class LogRetentionJob implements PecJob {

    static final int MONTHS_AHEAD = 3;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    LogSeals seals;

    @Override
    public String name() {
        return "log-retention";
    }

    @Override
    public String description() {
        return "Registro dei messaggi: keep " + RetentionPolicy.PEC_LOG.months() + " months (RFC 6109 §2.3), remove"
                + " older months, create partitions " + MONTHS_AHEAD + " months ahead";
    }

    @Override
    public JobSchedule schedule() {
        return JobSchedule.daily(LocalTime.of(3, 15));
    }

    @Override
    public JobReport run(JobContext context) throws Exception {
        Instant now = context.now();
        LogPartitions partitions = new LogPartitions(dataSource);
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        partitions.ensureMonths(current, MONTHS_AHEAD + 1);
        // only whole sealed months go, and their seals stay (marked), so the chain of seals still verifies
        YearMonth firstKept = RetentionPolicy.PEC_LOG.firstKeptMonth(now);
        YearMonth notSealed = seals.firstMonthNotWhollySealed();
        if (notSealed.isBefore(firstKept)) {
            firstKept = notSealed;
        }
        long removed = partitions.removeBefore(firstKept);
        int marked = seals.markDropped(firstKept);
        return JobReport.of(removed, "removed " + removed + " entries before " + firstKept + " (" + marked
                + " more sealed days kept as seals only); partitions through " + current.plusMonths(MONTHS_AHEAD));
    }
}
