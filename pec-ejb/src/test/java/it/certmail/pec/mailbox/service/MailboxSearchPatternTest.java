package it.certmail.pec.mailbox.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailboxSearchPatternTest {

    @Test
    void likePrefixShouldEscapeLikeWildcardsSoTheyMatchThemselves() {
        assertThat(MailboxService.likePrefix("mario")).isEqualTo("mario%");
        assertThat(MailboxService.likePrefix("a_b")).isEqualTo("a\\_b%");
        assertThat(MailboxService.likePrefix("100%")).isEqualTo("100\\%%");
        assertThat(MailboxService.likePrefix("x\\y")).isEqualTo("x\\\\y%");
    }
}
