package it.certmail.pec.security.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2idPasswordHasherTest {

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();

    @Test
    void hashShouldVerifyTheSamePasswordOnlyAndBeSalted() {
        String phc = hasher.hash("corretto cavallo");
        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.verify("corretto cavallo", phc)).isTrue();
        assertThat(hasher.verify("corretto cavallO", phc)).isFalse();
        assertThat(hasher.hash("corretto cavallo")).isNotEqualTo(phc);
    }

    @Test
    void verifyShouldRejectMalformedHashesWithoutThrowing() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=abc,t=2,p=1$AAAA$BBBB")).isFalse();
        assertThat(hasher.verify("x", "$2a$10$abcdefghijklmnopqrstuv")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$!!notbase64$AAAA")).isFalse();
    }
}
