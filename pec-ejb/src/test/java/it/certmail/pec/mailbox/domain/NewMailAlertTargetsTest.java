package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class NewMailAlertTargetsTest {

    @Test
    void italianMobileNumbersShouldBeAcceptedInTheWaysPeopleTypeThem() throws Exception {
        assertThat(NewMailAlertTargets.mobiles(List.of("347 123 4567", "+39 320-1234567", "0039 (333) 12.34.567")))
                .containsExactly("+393471234567", "+393201234567", "+393331234567");
        assertThat(NewMailAlertTargets.mobiles(List.of("3471234567", "+39 347 123 4567", ""))).as("kept once")
                .containsExactly("+393471234567");
        assertThat(NewMailAlertTargets.mobiles(List.of("331234567"))).as("9 digits: older numbers").containsExactly("+39331234567");
    }

    @Test
    void numbersThatAreNotItalianMobilesShouldBeRefused() {
        for (String bad : List.of("06 1234567", "+44 7700 900123", "+39 06 12345678", "34712345", "347123456789",
                "3471234567x", "+39347123456\u0000", "tel:3471234567", "3".repeat(40))) {
            assertThatThrownBy(() -> NewMailAlertTargets.mobiles(List.of(bad))).as(bad)
                    .isInstanceOf(InvalidMailboxRequestException.class);
        }
    }

    @Test
    void atMostThreeOfEachShouldBeKept() throws Exception {
        assertThat(NewMailAlertTargets.emails(Arrays.asList("a@x.it", null, " B@X.IT ", "c@x.it"))).containsExactly(
                "a@x.it", "b@x.it", "c@x.it");
        assertThatThrownBy(() -> NewMailAlertTargets.emails(List.of("a@x.it", "b@x.it", "c@x.it", "d@x.it")))
                .hasMessageContaining("at most 3");
        assertThatThrownBy(() -> NewMailAlertTargets.mobiles(List.of("3470000001", "3470000002", "3470000003",
                "3470000004"))).hasMessageContaining("at most 3");
        assertThatThrownBy(() -> NewMailAlertTargets.emails(List.of("non un indirizzo"))).hasMessageContaining("not an e-mail");
    }
}
