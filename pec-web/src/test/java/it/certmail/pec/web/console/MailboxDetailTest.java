package it.certmail.pec.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import it.certmail.pec.web.console.ConsoleViews.MailboxDetail;

class MailboxDetailTest {

    private static MailboxDetail usage(long used, long quota) {
        return new MailboxDetail("a@b.test", "A", null, "ACTIVE", null, null, null, null, null, used, quota, true, false,
                false, null, null, null);
    }

    @Test
    void usedPercentShouldRoundAndStayWithinTheBar() {
        assertThat(usage(0, 1024).usedPercent()).isZero();
        assertThat(usage(512, 1024).usedPercent()).isEqualTo(50);
        assertThat(usage(1, 300).usedPercent()).isZero();
        assertThat(usage(2, 300).usedPercent()).isEqualTo(1);
        assertThat(usage(5000, 1024).usedPercent()).isEqualTo(100);
        assertThat(usage(10, 0).usedPercent()).isZero();
    }
}
