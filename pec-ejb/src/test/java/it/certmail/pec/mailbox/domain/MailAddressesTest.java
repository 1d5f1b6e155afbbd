package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailAddressesTest {

    @Test
    void normalizeAddressShouldLowerCaseAndStrip() {
        assertThat(MailAddresses.normalizeAddress("  Bob.Rossi@B.Test ")).contains("bob.rossi@b.test");
    }

    @Test
    void normalizeAddressShouldRejectMalformedAddresses() {
        assertThat(MailAddresses.normalizeAddress("bob")).isEmpty();
        assertThat(MailAddresses.normalizeAddress("@b.test")).isEmpty();
        assertThat(MailAddresses.normalizeAddress("bob@localhost")).isEmpty();
        assertThat(MailAddresses.normalizeAddress("bob..x@b.test")).isEmpty();
        assertThat(MailAddresses.normalizeAddress("bo b@b.test")).isEmpty();
        assertThat(MailAddresses.normalizeAddress("\"bob\"@b.test")).isEmpty();
        assertThat(MailAddresses.normalizeAddress("a".repeat(65) + "@b.test")).isEmpty();
        assertThat(MailAddresses.normalizeAddress(null)).isEmpty();
    }

    @Test
    void normalizeDomainShouldRequireTwoLabels() {
        assertThat(MailAddresses.normalizeDomain("PEC.Example.IT")).contains("pec.example.it");
        assertThat(MailAddresses.normalizeDomain("example")).isEmpty();
        assertThat(MailAddresses.normalizeDomain("-x.example")).isEmpty();
    }
}
