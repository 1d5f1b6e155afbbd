package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void replyTextShouldNeverCarryALineBreak() {
        assertThat(new SmtpReply(550, "bad\r\n250 ok").line()).isEqualTo("550 bad 250 ok");
    }

    @Test
    void factoriesShouldUseTheExpectedCodes() {
        assertThat(SmtpReply.ok("queued").line()).isEqualTo("250 2.0.0 queued");
        assertThat(SmtpReply.temporary("later").isTransientNegative()).isTrue();
        assertThat(SmtpReply.permanent("no").isPermanentNegative()).isTrue();
        assertThat(SmtpReply.mailboxUnavailable(null).line()).isEqualTo("550 5.1.1 Mailbox unavailable");
    }

    @Test
    void rejectionShouldRefuseAPositiveReplyAndOutOfRangeCodes() {
        assertThatThrownBy(() -> new SmtpReplyException(SmtpReply.ok("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SmtpReply(199, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SmtpReplyException.temporary("busy").reply().code()).isEqualTo(451);
    }

    @Test
    void factoriesShouldKeepAnEnhancedCodeTheTextAlreadyHas() {
        assertThat(SmtpReply.mailboxUnavailable("5.7.1 relay not permitted").line()).isEqualTo("550 5.7.1 relay not permitted");
        assertThat(SmtpReply.ok("2.1.5 Ok").line()).isEqualTo("250 2.1.5 Ok");
        assertThat(SmtpReply.temporary("4.3.0 antivirus down").line()).isEqualTo("451 4.3.0 antivirus down");
        assertThat(SmtpReply.ok("Ok: accettato come opec1.x").line()).isEqualTo("250 2.0.0 Ok: accettato come opec1.x");
        assertThat(SmtpReply.permanent("5.6.0").line()).isEqualTo("554 5.6.0");
        assertThat(SmtpReply.ok("2.0 is not a code").line()).isEqualTo("250 2.0.0 2.0 is not a code");
    }
}
