package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;

import org.junit.jupiter.api.Test;

class MailboxUserRulesTest {

    @Test
    void loginsAreEmailLikeNamesInLowerCase() {
        assertThat(MailboxUserRules.normalizeLogin("  Mario.Rossi@Studio.IT ")).contains("mario.rossi@studio.it");
        assertThat(MailboxUserRules.normalizeLogin("mario")).isEmpty();
        assertThat(MailboxUserRules.normalizeLogin("mario@")).isEmpty();
        assertThat(MailboxUserRules.normalizeLogin("@studio.it")).isEmpty();
        assertThat(MailboxUserRules.normalizeLogin("mario rossi@studio.it")).isEmpty();
        assertThat(MailboxUserRules.normalizeLogin(null)).isEmpty();
    }

    @Test
    void oneRunningSeatLetsOneUserIn() {
        assertThat(MailboxUserRules.seatRefusal(0, 0)).hasValueSatisfying(r -> assertThat(r).contains("no additional-user seat"));
        assertThat(MailboxUserRules.seatRefusal(0, 1)).isEmpty();
        assertThat(MailboxUserRules.seatRefusal(1, 1)).hasValueSatisfying(r -> assertThat(r).contains("all 1"));
        assertThat(MailboxUserRules.seatRefusal(1, 3)).isEmpty();
        // seats reduced below the users already in: still no new one
        assertThat(MailboxUserRules.seatRefusal(3, 2)).isPresent();
    }

    @Test
    void initialPasswordsAreLongAndUnambiguous() {
        SecureRandom random = new SecureRandom();
        String a = MailboxUserRules.initialPassword(random);
        assertThat(a).hasSize(MailboxUserRules.PASSWORD_LENGTH).doesNotContainPattern("[0O1lI]");
        assertThat(MailboxUserRules.initialPassword(random)).isNotEqualTo(a);
    }
}
