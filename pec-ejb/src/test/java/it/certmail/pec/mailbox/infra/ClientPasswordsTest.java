package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.domain.ClientPasswordCache;
import it.certmail.pec.platform.domain.AdjustableClock;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

class ClientPasswordsTest {

    private final AdjustableClock clock = new AdjustableClock(Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC));
    private final Argon2idPasswordHasher argon2 = new Argon2idPasswordHasher();
    private final AtomicInteger verifications = new AtomicInteger();
    private final BiPredicate<String, String> countingVerifier = (p, h) -> {
        verifications.incrementAndGet();
        return argon2.verify(p, h);
    };
    private final ClientPasswords passwords = new ClientPasswords(argon2::hash, countingVerifier,
            new ClientPasswordCache(ClientPasswords.CACHE_TTL, 100), clock);

    @Test
    void generatedPasswordsShouldBeLongAndDifferent() {
        String a = passwords.generate();
        String b = passwords.generate();

        assertThat(a).hasSize(24).matches("[A-Za-z2-9]+").doesNotContain("0", "O", "1", "l", "I");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void verifyShouldCheckArgon2idOnceThenAnswerFromTheCache() {
        String password = passwords.generate();
        String hash = passwords.hash(password);
        assertThat(hash).startsWith("$argon2id$");

        assertThat(passwords.verify("bob@b.test", password, hash)).isTrue();
        assertThat(passwords.verify("bob@b.test", password, hash)).isTrue();
        assertThat(verifications).hasValue(1);

        assertThat(passwords.verify("bob@b.test", "wrong", hash)).isFalse();
        assertThat(passwords.verify("bob@b.test", "wrong", hash)).isFalse();
        // failures are never cached
        assertThat(verifications).hasValue(3);
    }

    @Test
    void cacheShouldExpireAndBeInvalidatedOnPasswordChange() {
        String password = passwords.generate();
        String hash = passwords.hash(password);
        passwords.verify("bob@b.test", password, hash);

        clock.advance(ClientPasswords.CACHE_TTL.plus(Duration.ofSeconds(1)));
        assertThat(passwords.verify("bob@b.test", password, hash)).isTrue();
        assertThat(verifications).hasValue(2);

        passwords.invalidate("bob@b.test");
        assertThat(passwords.verify("bob@b.test", password, hash)).isTrue();
        assertThat(verifications).hasValue(3);

        // a new password means a new stored hash: the old password no longer matches, cache or not
        String newHash = passwords.hash(passwords.generate());
        assertThat(passwords.verify("bob@b.test", password, newHash)).isFalse();
    }

    @Test
    void verifyShouldRefuseWhenNoClientPasswordIsSet() {
        assertThat(passwords.verify("bob@b.test", "anything", null)).isFalse();
        assertThat(verifications).hasValue(0);
    }
    @Test
    void concurrentLoginsShouldShareOneVerificationAndHashAtMostTwoAtATime() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        BiPredicate<String, String> slow = (p, h) -> {
            calls.incrementAndGet();
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return p.equals("right");
        };
        ClientPasswords limited = new ClientPasswords(p -> "$h", slow,
                new ClientPasswordCache(ClientPasswords.CACHE_TTL, 100), clock, 2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(24);
        try {
            // 16 connections of one mailbox with the same password, 8 others each with their own
            java.util.List<java.util.concurrent.Future<Boolean>> same = new java.util.ArrayList<>();
            java.util.List<java.util.concurrent.Future<Boolean>> others = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                same.add(pool.submit(() -> limited.verify("bob@b.test", "right", "$h")));
            }
            for (int i = 0; i < 8; i++) {
                String who = "u" + i + "@b.test";
                String pw = i % 2 == 0 ? "right" : "wrong";
                others.add(pool.submit(() -> limited.verify(who, pw, "$h")));
            }
            for (var f : same) {
                assertThat(f.get()).isTrue();
            }
            for (int i = 0; i < 8; i++) {
                assertThat(others.get(i).get()).isEqualTo(i % 2 == 0);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(2);
        // one for bob (the cache is filled before its flight ends, so a late thread hits it), one per other mailbox
        assertThat(calls.get()).isEqualTo(9);
    }
}
