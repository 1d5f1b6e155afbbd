package it.certmail.pec.security.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void firstFailuresShouldCostNothing() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("admin", "192.0.2.1", T0);
        }
        assertThat(throttle.waitBefore("admin", "192.0.2.1", T0)).isEmpty();
    }

    @Test
    void waitShouldDoubleAfterTheFreeFailuresUpToTheMaximum() {
        assertThat(SignInThrottle.waitAfter(4)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SignInThrottle.waitAfter(5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(SignInThrottle.waitAfter(6)).isEqualTo(Duration.ofSeconds(8));
        assertThat(SignInThrottle.waitAfter(50)).isEqualTo(SignInThrottle.MAX_WAIT);
    }

    @Test
    void failuresForOneUserShouldSlowThatUserFromAnyAddress() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 1; i <= 4; i++) {
            throttle.failed("admin", "192.0.2." + i, T0);
        }
        assertThat(throttle.waitBefore("ADMIN", "198.51.100.7", T0)).contains(Duration.ofSeconds(2));
        assertThat(throttle.waitBefore("admin", "198.51.100.7", T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void failuresFromOneAddressShouldSlowEveryUserFromIt() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 1; i <= 5; i++) {
            throttle.failed("user" + i, "203.0.113.9", T0);
        }
        assertThat(throttle.waitBefore("someone-else", "203.0.113.9", T0.plusSeconds(1))).contains(Duration.ofSeconds(3));
        assertThat(throttle.waitBefore("someone-else", "203.0.113.10", T0)).isEmpty();
    }

    @Test
    void successShouldClearTheUserButNotTheAddress() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 1; i <= 4; i++) {
            throttle.failed("admin", "203.0.113.9", T0);
        }
        throttle.succeeded("admin");
        assertThat(throttle.waitBefore("admin", "198.51.100.1", T0)).isEmpty();
        assertThat(throttle.waitBefore("admin", "203.0.113.9", T0)).isPresent();
    }

    @Test
    void failuresShouldBeForgottenAfterALongQuiet() {
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 1; i <= 6; i++) {
            throttle.failed("admin", "192.0.2.1", T0);
        }
        Instant later = T0.plus(SignInThrottle.FORGET_AFTER).plusSeconds(1);
        throttle.failed("admin", "192.0.2.1", later);
        assertThat(throttle.waitBefore("admin", "192.0.2.1", later)).isEmpty();
    }

    @Test
    void attemptsBegunInParallelShouldBeCountedBeforeAnyOutcome() {
        // guesses posted at once: each begin counts, so the one after the free ones waits though none has failed yet
        SignInThrottle throttle = new SignInThrottle();
        for (int i = 0; i < SignInThrottle.FREE_FAILURES + 1; i++) {
            assertThat(throttle.begin("admin", "192.0.2.1", T0)).isEmpty();
        }
        assertThat(throttle.begin("admin", "192.0.2.1", T0)).isPresent();
        assertThat(throttle.begin("admin", "198.51.100.7", T0)).as("the account is slowed from anywhere").isPresent();
    }

    @Test
    void aRightPasswordAndARightCodeShouldGiveTheirAttemptsBack() {
        SignInThrottle throttle = new SignInThrottle();
        for (int login = 0; login < 10; login++) {
            assertThat(throttle.begin("admin", "192.0.2.1", T0)).isEmpty();
            throttle.refund("admin", "192.0.2.1"); // password right
            assertThat(throttle.begin("admin", "192.0.2.1", T0)).isEmpty();
            throttle.succeeded("admin", "192.0.2.1"); // code right
        }
        assertThat(throttle.waitBefore("admin", "192.0.2.1", T0)).isEmpty();
    }
}
