package it.certmail.pec.security.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void generateShouldGiveTenDistinctCodesInTheShownForm() {
        List<String> codes = RecoveryCodes.generate(new SecureRandom());
        assertThat(codes).hasSize(RecoveryCodes.COUNT).allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"))
                .noneMatch(c -> c.matches(".*[01ilo].*"));
        assertThat(new HashSet<>(codes)).hasSize(RecoveryCodes.COUNT);
        codes.forEach(c -> assertThat(RecoveryCodes.normalize(c)).contains(c));
    }

    @Test
    void normalizeShouldAcceptWhatPeopleTypeAndRefuseTotpCodes() {
        assertThat(RecoveryCodes.normalize(" ABCDE fghjk ")).contains("abcde-fghjk");
        assertThat(RecoveryCodes.normalize("abcdefghjk")).contains("abcde-fghjk");
        assertThat(RecoveryCodes.normalize("123456")).isEmpty();
        assertThat(RecoveryCodes.normalize("abcde-fghj0")).isEmpty();
        assertThat(RecoveryCodes.normalize(null)).isEmpty();
    }
}
