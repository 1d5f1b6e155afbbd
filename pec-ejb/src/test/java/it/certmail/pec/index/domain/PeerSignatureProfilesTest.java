package it.certmail.pec.index.domain;

import static it.certmail.pec.crypto.SignatureProfile.LEGACY_SHA1;
import static it.certmail.pec.crypto.SignatureProfile.SHA256;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PeerSignatureProfilesTest {

    @Test
    void legacyShouldWinWhenAnyDomainAsksForIt() {
        Map<String, it.certmail.pec.crypto.SignatureProfile> chosen = Map.of("old.test", LEGACY_SHA1, "new.test", SHA256);
        assertThat(PeerSignatureProfiles.forDomains(Set.of("old.test", "new.test"), chosen, SHA256)).isEqualTo(LEGACY_SHA1);
        assertThat(PeerSignatureProfiles.forDomains(Set.of("new.test"), chosen, LEGACY_SHA1)).isEqualTo(SHA256);
        assertThat(PeerSignatureProfiles.forDomains(Set.of("new.test", "other.test"), chosen, LEGACY_SHA1))
                .isEqualTo(LEGACY_SHA1);
        assertThat(PeerSignatureProfiles.forDomains(Set.of("other.test"), chosen, SHA256)).isEqualTo(SHA256);
        assertThat(PeerSignatureProfiles.forDomains(Set.of(), chosen, LEGACY_SHA1)).isEqualTo(LEGACY_SHA1);
    }

    @Test
    void peerIdentityShouldCompareAsTheIndexDoes() {
        assertThat(new PeerIdentity(" Gestore Beta ", null)).isEqualTo(new PeerIdentity("gestore beta", ""));
        assertThat(new PeerIdentity("Gestore Beta", "Ambiente2")).isNotEqualTo(new PeerIdentity("Gestore Beta", null));
        assertThat(PeerSignatureProfiles.domainsOf(List.of("x@Pec.Test"))).containsExactly("pec.test");
    }
}
