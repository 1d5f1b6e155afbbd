package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RenewalLinkTest {

    @Test
    void linkShouldOpenTheRenewalPageOfTheMailbox() {
        assertThat(JpaLifecycle.renewalLink("https://pec.example.it/", "mario+uff@pec.example.it"))
                .isEqualTo("https://pec.example.it/my/renew.xhtml?mailbox=mario%2Buff%40pec.example.it");
        assertThat(JpaLifecycle.renewalLink("https://localhost:8443", "a@b.test"))
                .isEqualTo("https://localhost:8443/my/renew.xhtml?mailbox=a%40b.test");
    }
}
