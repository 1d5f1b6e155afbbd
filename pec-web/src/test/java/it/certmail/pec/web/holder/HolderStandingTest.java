package it.certmail.pec.web.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import it.certmail.pec.mailbox.model.MailboxStatus;

class HolderStandingTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Instant IN_A_YEAR = Instant.parse("2027-12-06T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
            "ACTIVE, ACTIVE, ACTIVE",
            "ACTIVE, PAYMENT_RETRY, PAYMENT_FAILED",
            "RECEIVE_ONLY, GRACE, SUPER_RECEPTION",
            "RECEIVE_ONLY, RECEPTION_ONLY, RECEPTION_ONLY",
            "RECEIVE_ONLY, CESSATION, CESSATION",
            "DISABLED, DISABLED, SUSPENDED",
            "DISABLED, WITHDRAWN, WITHDRAWN",
            "CLOSED, CLOSED, CLOSED"})
    void standingShouldFollowThePhase(MailboxStatus status, String phase, HolderStanding expected) {
        assertThat(HolderStanding.of(status, phase, IN_A_YEAR, NOW, ROME)).isEqualTo(expected);
    }

    @Test
    void activeMailboxShouldBeExpiringFromThreeMonthsBeforeTheExpiry() {
        Instant expiry = Instant.parse("2027-03-06T10:00:00Z");
        assertThat(HolderStanding.of(MailboxStatus.ACTIVE, "ACTIVE", expiry, NOW.minusSeconds(1), ROME))
                .isEqualTo(HolderStanding.ACTIVE);
        assertThat(HolderStanding.of(MailboxStatus.ACTIVE, "ACTIVE", expiry, NOW, ROME))
                .isEqualTo(HolderStanding.EXPIRING);
        assertThat(HolderStanding.renewalNoticeDue(expiry, NOW, ROME)).isTrue();
        assertThat(HolderStanding.renewalNoticeDue(null, NOW, ROME)).as("no expiry, no notice").isFalse();
    }

    @Test
    void mailboxWithoutPlanShouldSpeakFromItsStatus() {
        assertThat(HolderStanding.of(MailboxStatus.ACTIVE, null, null, NOW, ROME)).isEqualTo(HolderStanding.ACTIVE);
        assertThat(HolderStanding.of(MailboxStatus.RECEIVE_ONLY, null, null, NOW, ROME))
                .isEqualTo(HolderStanding.RECEPTION_ONLY);
        assertThat(HolderStanding.of(MailboxStatus.CLOSED, null, null, NOW, ROME)).isEqualTo(HolderStanding.CLOSED);
    }

    @Test
    void onlyStandingsARenewalHelpsShouldOfferRenew() {
        assertThat(HolderStanding.EXPIRING.renewable()).isTrue();
        assertThat(HolderStanding.SUPER_RECEPTION.renewable()).isTrue();
        assertThat(HolderStanding.CLOSED.renewable()).isFalse();
        assertThat(HolderStanding.WITHDRAWN.renewable()).as("a withdrawal is final").isFalse();
        assertThat(HolderStanding.SUSPENDED.renewable()).as("the renewal refuses a disabled mailbox").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"it", "en"})
    void everyStandingShouldHaveWordsAndAnActionInBothLanguages(String language) {
        ResourceBundle bundle = ResourceBundle.getBundle("it.certmail.pec.web.messages", Locale.forLanguageTag(language));
        for (HolderStanding s : HolderStanding.values()) {
            assertThat(bundle.getString(s.key())).isNotBlank();
            assertThat(bundle.getString(s.actionKey())).isNotBlank();
        }
        assertThat(bundle.getString(HolderStanding.EXPIRING.key())).isEqualTo(language.equals("it") ? "in scadenza" : "expiring");
    }
}
