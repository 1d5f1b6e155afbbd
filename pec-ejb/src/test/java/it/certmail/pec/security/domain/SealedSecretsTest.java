package it.certmail.pec.security.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    private static final byte[] KEY = new byte[32];
    private static final byte[] SECRET = "12345678901234567890".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void aSealedSecretOpensWithTheSameKeyAndShowsNothingOfItself() {
        SealedSecrets s = new SealedSecrets(KEY);
        String sealed = s.seal(SECRET);
        assertThat(sealed).startsWith("v1:").doesNotContain(Base32.encode(SECRET));
        assertThat(sealed.length()).isLessThanOrEqualTo(128);
        assertThat(s.open(sealed)).isEqualTo(SECRET);
        assertThat(s.seal(SECRET)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void anotherKeyOrAnAlteredValueDoesNotOpen() {
        String sealed = new SealedSecrets(KEY).seal(SECRET);
        byte[] other = Arrays.copyOf(KEY, 32);
        other[0] = 1;
        assertThatThrownBy(() -> new SealedSecrets(other).open(sealed)).isInstanceOf(IllegalStateException.class);
        char last = sealed.charAt(10);
        String altered = sealed.substring(0, 10) + (last == 'A' ? 'B' : 'A') + sealed.substring(11);
        assertThatThrownBy(() -> new SealedSecrets(KEY).open(altered)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRowFromBeforeSealingIsReadAsPlainBase32() {
        assertThat(SealedSecrets.isSealed(Base32.encode(SECRET))).isFalse();
        assertThat(new SealedSecrets(KEY).open(Base32.encode(SECRET))).isEqualTo(SECRET);
    }

    @Test
    void onlyA256BitKeyIsTaken() {
        assertThatThrownBy(() -> new SealedSecrets(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
