package it.certmail.pec.batch.scheduler;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

import org.quartz.CronExpression;

import it.certmail.pec.jobs.service.ScheduledJob;

/**
 * When a job fires: every fixed interval, or by a Quartz cron expression in a time zone (calendar jobs run on
 * Italian local time by default, as the rules count days there).
 */
public record JobSchedule(Duration interval, String cron, ZoneId zone) implements ScheduledJob.Timing {

    public static final ZoneId ROME = ZoneId.of("Europe/Rome");

    public JobSchedule {
        if ((interval == null) == (cron == null)) {
            throw new IllegalArgumentException("a schedule is either an interval or a cron expression");
        }
        if (interval != null && interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("an interval of at least one second is needed, not " + interval);
        }
        if (cron != null) {
            Objects.requireNonNull(zone, "zone");
            if (!CronExpression.isValidExpression(cron)) {
                throw new IllegalArgumentException("not a Quartz cron expression: " + cron);
            }
        }
    }

    /** Fires every {@code interval}, the first time when the job is first registered. */
    public static JobSchedule every(Duration interval) {
        return new JobSchedule(interval, null, null);
    }

    /** A Quartz cron expression ({@code sec min hour day-of-month month day-of-week}) on Italian time. */
    public static JobSchedule cron(String expression) {
        return cron(expression, ROME);
    }

    public static JobSchedule cron(String expression, ZoneId zone) {
        return new JobSchedule(null, expression, zone);
    }

    /** Once a day at {@code time}, Italian time. */
    public static JobSchedule daily(LocalTime time) {
        return cron(String.format("%d %d %d * * ?", time.getSecond(), time.getMinute(), time.getHour()));
    }

    public boolean isInterval() {
        return interval != null;
    }

    /** For admins: {@code every PT5M} or {@code cron 0 15 3 * * ? Europe/Rome}. */
    @Override
    public String describe() {
        return isInterval() ? "every " + interval : "cron " + cron + " " + zone.getId();
    }
}
