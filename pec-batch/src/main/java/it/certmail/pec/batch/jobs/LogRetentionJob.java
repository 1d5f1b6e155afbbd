package it.certmail.pec.batch.jobs;

import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;

import it.certmail.pec.batch.scheduler.JobContext;
import it.certmail.pec.batch.scheduler.JobReport;
import it.certmail.pec.batch.scheduler.JobSchedule;
import it.certmail.pec.batch.scheduler.PecJob;
import it.certmail.pec.log.domain.RetentionPolicy;
import it.certmail.pec.log.infra.LogPartitions;

/**
 * Conservazione del registro: the log is kept 30 months (RFC 6109 §2.3). Daily, it creates the monthly partitions
 * for the current month and the next {@value #MONTHS_AHEAD}, and removes every month before the first kept one
 * (whole partitions on PostgreSQL, rows on H2). Processed = log entries removed.
 */
@ApplicationScoped
public class LogRetentionJob implements PecJob {

    static final int MONTHS_AHEAD = 3;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

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
        YearMonth firstKept = RetentionPolicy.PEC_LOG.firstKeptMonth(now);
        long removed = partitions.removeBefore(firstKept);
        return JobReport.of(removed, "removed " + removed + " entries before " + firstKept + "; partitions through "
                + current.plusMonths(MONTHS_AHEAD));
    }
}
