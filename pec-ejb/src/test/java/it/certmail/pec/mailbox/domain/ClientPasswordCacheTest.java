package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ClientPasswordCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void cacheShouldAnswerOnlyForTheSameAddressPasswordAndStoredHashWithinTtl() {
        ClientPasswordCache cache = new ClientPasswordCache(Duration.ofMinutes(5), 100);
        cache.remember("bob@b.test", "secret", "$hash1", T0);

        assertThat(cache.isVerified("bob@b.test", "secret", "$hash1", T0.plusSeconds(299))).isTrue();
        assertThat(cache.isVerified("bob@b.test", "secret", "$hash1", T0.plusSeconds(300))).isFalse();
        assertThat(cache.isVerified("bob@b.test", "other", "$hash1", T0)).isFalse();
        assertThat(cache.isVerified("eve@b.test", "secret", "$hash1", T0)).isFalse();
        // the password changed elsewhere: the stored hash differs
        assertThat(cache.isVerified("bob@b.test", "secret", "$hash2", T0)).isFalse();
    }

    @Test
    void invalidateShouldForgetEveryEntryOfTheAddress() {
        ClientPasswordCache cache = new ClientPasswordCache(Duration.ofMinutes(5), 100);
        cache.remember("bob@b.test", "secret", "$h", T0);
        cache.remember("ann@b.test", "secret", "$h", T0);

        cache.invalidate("bob@b.test");

        assertThat(cache.isVerified("bob@b.test", "secret", "$h", T0)).isFalse();
        assertThat(cache.isVerified("ann@b.test", "secret", "$h", T0)).isTrue();
    }

    @Test
    void cacheShouldStayBounded() {
        ClientPasswordCache cache = new ClientPasswordCache(Duration.ofMinutes(5), 10);
        for (int i = 0; i < 25; i++) {
            cache.remember("u" + i + "@b.test", "p", "$h", T0);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(cache.isVerified("u24@b.test", "p", "$h", T0)).isTrue();
    }
}
