package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T09:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };
    private final LoginThrottle throttle = new LoginThrottle(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(15), clock);

    @Test
    void delayShouldDoublePerFailureUpToTheCap() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(2));
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(4));
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(8));
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(16));
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.delayFor(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void failuresShouldBeCountedPerSourceAndForgotten() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        throttle.recordFailure(a);
        throttle.recordFailure(a);
        assertThat(throttle.recordFailure(b)).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.failures(a)).isEqualTo(2);
        now.set(now.get().plus(Duration.ofMinutes(15)));
        assertThat(throttle.failures(a)).isZero();
        assertThat(throttle.recordFailure(a)).isEqualTo(Duration.ofSeconds(1));
        throttle.recordSuccess(a);
        assertThat(throttle.failures(a)).isZero();
    }
}
