package it.certmail.pec.security.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    // RFC 6238 Appendix B: the seeds are these ASCII digits, of the hash's own length
    private static final byte[] SEED20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SEED64 = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T={0} {2}")
    @CsvSource({
        "59, 94287082, SHA1", "59, 46119246, SHA256", "59, 90693936, SHA512",
        "1111111109, 07081804, SHA1", "1111111109, 68084774, SHA256", "1111111109, 25091201, SHA512",
        "1111111111, 14050471, SHA1", "1111111111, 67062674, SHA256", "1111111111, 99943326, SHA512",
        "1234567890, 89005924, SHA1", "1234567890, 91819424, SHA256", "1234567890, 93441116, SHA512",
        "2000000000, 69279037, SHA1", "2000000000, 90698825, SHA256", "2000000000, 38618901, SHA512",
        "20000000000, 65353130, SHA1", "20000000000, 77737706, SHA256", "20000000000, 47863826, SHA512",
    })
    void codeShouldMatchTheRfc6238TestVectors(long unixSeconds, String expected, Totp.Algorithm algorithm) {
        byte[] seed = switch (algorithm) {
            case SHA1 -> SEED20;
            case SHA256 -> SEED32;
            case SHA512 -> SEED64;
        };
        assertThat(new Totp(algorithm, 8).code(seed, Instant.ofEpochSecond(unixSeconds))).isEqualTo(expected);
    }

    @Test
    void sixDigitCodeShouldBeTheLastSixOfTheEightDigitOne() {
        // RFC 4226 truncation: the 6-digit code is the 31-bit value mod 10^6
        assertThat(Totp.standard().code(SEED20, Instant.ofEpochSecond(1111111109))).isEqualTo("081804");
    }

    @Test
    void verifyShouldAcceptTheNeighbouringStepsAndNothingFurther() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        long step = Totp.step(now);
        assertThat(totp.verify(SEED20, totp.code(SEED20, step - 1), now, 0)).hasValue(step - 1);
        assertThat(totp.verify(SEED20, totp.code(SEED20, step + 1), now, 0)).hasValue(step + 1);
        assertThat(totp.verify(SEED20, totp.code(SEED20, step - 2), now, 0)).isEmpty();
        assertThat(totp.verify(SEED20, totp.code(SEED20, step + 2), now, 0)).isEmpty();
    }

    @Test
    void verifyShouldRefuseACodeWhoseStepWasAlreadyUsed() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        String code = totp.code(SEED20, now);
        assertThat(totp.verify(SEED20, code, now, Totp.step(now) - 1)).hasValue(Totp.step(now));
        assertThat(totp.verify(SEED20, code, now, Totp.step(now))).isEmpty();
    }

    @Test
    void verifyShouldRefuseMalformedCodes() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        assertThat(totp.verify(SEED20, null, now, 0)).isEmpty();
        assertThat(totp.verify(SEED20, "12345", now, 0)).isEmpty();
        assertThat(totp.verify(SEED20, "abcdef", now, 0)).isEmpty();
    }

    @Test
    void keyUriShouldCarryTheBase32SecretAndTheIssuer() {
        assertThat(Totp.standard().keyUri("PEC Locale", "admin", SEED20))
                .isEqualTo("otpauth://totp/PEC%20Locale:admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                        + "&issuer=PEC%20Locale&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void base32ShouldRoundTripAndIgnoreGroupingSpaces() {
        // RFC 4648 §10 vector
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.decode("mzxw 6ytb oi======")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode(Base32.encode(SEED64))).isEqualTo(SEED64);
    }
}
