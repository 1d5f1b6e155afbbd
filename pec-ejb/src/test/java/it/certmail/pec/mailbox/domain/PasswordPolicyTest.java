package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.model.MailboxStatus;

class PasswordPolicyTest {

    private static final Instant SET = Instant.parse("2026-01-01T08:00:00Z");
    private static final PasswordPolicy POLICY = PasswordPolicy.DEFAULT;

    @Test
    void clientPasswordsShouldExpireAfterNinetyDays() {
        assertThat(POLICY.clientExpired(SET, SET.plus(Duration.ofDays(90)).minusSeconds(1))).isFalse();
        assertThat(POLICY.clientExpired(SET, SET.plus(Duration.ofDays(90)))).isTrue();
        assertThat(POLICY.clientExpired(null, SET)).isFalse();
    }

    @Test
    void remindersShouldComeFifteenTenFiveAndOneDayBeforeOnceEach() {
        // the notices job once a day for 100 days, remembering what it sent
        List<String> sent = new ArrayList<>();
        for (int day = 0; day <= 100; day++) {
            Instant now = SET.plus(Duration.ofDays(day)).plus(Duration.ofHours(1));
            Optional<Integer> due = POLICY.reminderDue(SET, now);
            if (due.isPresent() && !sent.contains(due.get() + "")) {
                sent.add(due.get() + "");
            }
        }
        assertThat(sent).containsExactly("15", "10", "5", "1");
    }

    @Test
    void aLateJobShouldSendOnlyTheLatestReminder() {
        Instant sevenDaysBefore = SET.plus(Duration.ofDays(83));
        assertThat(POLICY.reminderDue(SET, sevenDaysBefore)).contains(10);
        assertThat(POLICY.reminderDue(SET, SET.plus(Duration.ofDays(90)))).isEmpty();
        assertThat(POLICY.reminderDue(SET, SET.plus(Duration.ofDays(74)))).isEmpty();
    }

    @Test
    void theWebPasswordShouldChangeAtMostOnceInTwentyFourHours() {
        assertThat(POLICY.webChangeRefusal(null, SET)).isEmpty();
        assertThat(POLICY.webChangeRefusal(SET, SET.plus(Duration.ofHours(23)))).isPresent();
        assertThat(POLICY.webChangeRefusal(SET, SET.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(POLICY.webChangeRefusal(SET, SET.plus(Duration.ofHours(1)))).get(STRING)
                .contains("una volta ogni 24 ore");
        assertThat(POLICY.webChangeAllowedAt(SET, SET.plus(Duration.ofHours(1)))).isEqualTo(SET.plus(Duration.ofHours(24)));
        assertThat(POLICY.webChangeAllowedAt(null, SET)).isEqualTo(SET);
        assertThat(POLICY.webChangeAllowedAt(SET, SET.plus(Duration.ofHours(30)))).isEqualTo(SET.plus(Duration.ofHours(30)));
    }

    @Test
    void expiryNoticesShouldStartThreeMonthsBefore() {
        Instant expiry = Instant.parse("2027-01-31T09:00:00Z");
        ReminderSchedule s = ReminderSchedule.parse("90, 30,7");

        assertThat(s.due(expiry, expiry.minus(Duration.ofDays(91)))).isEmpty();
        assertThat(s.due(expiry, expiry.minus(Duration.ofDays(90)))).contains(90);
        assertThat(s.due(expiry, expiry.minus(Duration.ofDays(10)))).contains(30);
        assertThat(s.due(expiry, expiry.minus(Duration.ofDays(1)))).contains(7);
        assertThat(s.nextAfter(expiry, expiry.minus(Duration.ofDays(10)))).contains(expiry.minus(Duration.ofDays(7)));
        assertThat(ReminderSchedule.EXPIRY.daysBefore()).startsWith(90);
    }

    @Test
    void aFullMailboxShouldReceiveButNotSend() {
        assertThat(MailboxAccess.sendRefusal(MailboxStatus.ACTIVE, 10, 10))
                .hasValueSatisfying(m -> assertThat(m).contains("piena"));
        assertThat(MailboxAccess.sendRefusal(MailboxStatus.ACTIVE, 9, 10)).isEmpty();
        assertThat(MailboxAccess.receiveRefusal(MailboxStatus.ACTIVE)).isEmpty();
        assertThat(MailboxAccess.sendRefusal(MailboxStatus.RECEIVE_ONLY, 0, 10))
                .hasValueSatisfying(m -> assertThat(m).contains("sola ricezione"));
        assertThat(MailboxAccess.receiveRefusal(MailboxStatus.RECEIVE_ONLY)).isEmpty();
        assertThat(MailboxAccess.receiveRefusal(MailboxStatus.DISABLED)).isPresent();
    }
}
