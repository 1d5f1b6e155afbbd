package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class UnscannedPolicyTest {

    private static final ScanResult CLAMD_DOWN = new ScanResult.Failed("clamd 127.0.0.1:3310: Connection refused");

    @Test
    void refusingShouldBeTheDefault() {
        assertThat(UnscannedPolicy.parse(null)).isEqualTo(UnscannedPolicy.REFUSE);
        assertThat(UnscannedPolicy.parse("  ")).isEqualTo(UnscannedPolicy.REFUSE);
        assertThat(UnscannedPolicy.parse("refuse")).isEqualTo(UnscannedPolicy.REFUSE);
        assertThat(UnscannedPolicy.parse(" Accept-Unscanned ")).isEqualTo(UnscannedPolicy.ACCEPT_UNSCANNED);
    }

    @Test
    void anUnknownValueShouldStopTheStartRatherThanPickAMode() {
        assertThatThrownBy(() -> UnscannedPolicy.parse("accept")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pec.antivirus.unavailable").hasMessageContaining("'accept'");
    }

    @Test
    void refuseShouldTurnAFailedScanIntoAnErrorTheCallerCannotMistakeForClean() {
        assertThatThrownBy(() -> UnscannedPolicy.REFUSE.judge(CLAMD_DOWN)).isInstanceOf(IOException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void acceptUnscannedShouldSayUnscannedWithTheReasonNeverClean() throws IOException {
        UnscannedPolicy.Verdict verdict = UnscannedPolicy.ACCEPT_UNSCANNED.judge(CLAMD_DOWN);
        assertThat(verdict).isEqualTo(new UnscannedPolicy.Unscanned("clamd 127.0.0.1:3310: Connection refused"));
        assertThat(verdict).isNotInstanceOf(UnscannedPolicy.Clean.class);
        assertThat(UnscannedPolicy.virusOf(verdict)).isEmpty();
        assertThat(UnscannedPolicy.logDetail("clamd down")).contains("antivirus non eseguito")
                .contains("accept-unscanned").endsWith("clamd down");
    }

    @Test
    void bothModesShouldJudgeACompletedScanTheSameWay() throws IOException {
        for (UnscannedPolicy p : UnscannedPolicy.values()) {
            assertThat(p.judge(new ScanResult.Clean())).isEqualTo(new UnscannedPolicy.Clean());
            UnscannedPolicy.Verdict infected = p.judge(new ScanResult.Infected("Eicar-Signature"));
            assertThat(UnscannedPolicy.virusOf(infected)).contains("Eicar-Signature");
        }
    }
}
