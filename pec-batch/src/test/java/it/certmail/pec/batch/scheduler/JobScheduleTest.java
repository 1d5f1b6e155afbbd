package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.quartz.CronTrigger;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;

class JobScheduleTest {

    @Test
    void dailyShouldBeACronOnItalianTime() {
        JobSchedule s = JobSchedule.daily(LocalTime.of(3, 15));
        assertThat(s.cron()).isEqualTo("0 15 3 * * ?");
        assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Rome"));
        assertThat(s.describe()).isEqualTo("cron 0 15 3 * * ? Europe/Rome");
    }

    @Test
    void scheduleShouldRefuseBadCronShortIntervalsAndAmbiguity() {
        assertThatThrownBy(() -> JobSchedule.cron("every day")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JobSchedule.every(Duration.ofMillis(500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobSchedule(Duration.ofMinutes(5), "0 * * * * ?", ZoneId.of("UTC")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobSchedule(null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(JobSchedule.every(Duration.ofMinutes(5)).describe()).isEqualTo("every PT5M");
    }

    @Test
    void triggerShouldFollowTheScheduleAndFireOnceAfterAMisfire() {
        Trigger interval = JobScheduler.trigger("delivery-timeouts", JobSchedule.every(Duration.ofMinutes(5)));
        assertThat(interval).isInstanceOf(SimpleTrigger.class);
        assertThat(((SimpleTrigger) interval).getRepeatInterval()).isEqualTo(300_000);
        assertThat(interval.getMisfireInstruction()).isEqualTo(SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW);
        assertThat(interval.getJobKey().getName()).isEqualTo("delivery-timeouts");

        Trigger cron = JobScheduler.trigger("log-retention", JobSchedule.daily(LocalTime.of(3, 15)));
        assertThat(cron).isInstanceOf(CronTrigger.class);
        assertThat(((CronTrigger) cron).getTimeZone().getID()).isEqualTo("Europe/Rome");
        assertThat(cron.getMisfireInstruction()).isEqualTo(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);
    }

    @Test
    void sameScheduleShouldSpotChangedIntervalsCronsAndZones() {
        JobSchedule daily = JobSchedule.daily(LocalTime.of(3, 15));
        Trigger cron = JobScheduler.trigger("j", daily);
        assertThat(JobScheduler.sameSchedule(cron, daily)).isTrue();
        assertThat(JobScheduler.sameSchedule(cron, JobSchedule.daily(LocalTime.of(4, 0)))).isFalse();
        assertThat(JobScheduler.sameSchedule(cron, JobSchedule.cron("0 15 3 * * ?", ZoneId.of("UTC")))).isFalse();
        assertThat(JobScheduler.sameSchedule(cron, JobSchedule.every(Duration.ofDays(1)))).isFalse();
        Trigger every = JobScheduler.trigger("j", JobSchedule.every(Duration.ofMinutes(5)));
        assertThat(JobScheduler.sameSchedule(every, JobSchedule.every(Duration.ofMinutes(5)))).isTrue();
        assertThat(JobScheduler.sameSchedule(every, JobSchedule.every(Duration.ofMinutes(6)))).isFalse();
    }
}
