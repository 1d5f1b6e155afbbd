package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.service.PeerSignatureProfileService;
import it.certmail.pec.mailbox.service.KnownLocalDomains;
import it.certmail.pec.platform.service.PlatformSettings;

/**
 * The signature profile of what we sign: a message only to our own domains takes the global profile without a
 * lookup in the index (our own provider has no per-peer choice); any other recipient is looked up as before.
 */
class PecComposersProfileTest {

    private final List<Collection<String>> lookedUp = new ArrayList<>();
    private PecComposers composers;

    @BeforeEach
    void composers() {
        composers = new PecComposers();
        composers.settings = new PlatformSettings() {
            @Override
            public String domain() {
                return "pec.nostro.test";
            }

            @Override
            public SignatureProfile signatureProfile() {
                return SignatureProfile.LEGACY_SHA1;
            }
        };
        composers.localDomains = new KnownLocalDomains();
        composers.localDomains.found("clienti.nostro.test");
        composers.peerProfiles = new PeerSignatureProfileService() {
            @Override
            public SignatureProfile global() {
                throw new AssertionError("the global profile is read from the settings, not through the EJB");
            }

            @Override
            public SignatureProfile forRecipients(Collection<String> recipients) {
                lookedUp.add(recipients);
                return SignatureProfile.SHA256;
            }
        };
    }

    @Test
    void aMessageOnlyToOurDomainsShouldTakeTheGlobalProfileWithoutALookup() {
        assertThat(composers.profileFor(List.of("posta-certificata@PEC.nostro.test", "Anna <anna@clienti.nostro.test>")))
                .isEqualTo(SignatureProfile.LEGACY_SHA1);
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void anyOtherRecipientShouldBeLookedUp() {
        List<String> mixed = List.of("anna@clienti.nostro.test", "bob@pec.altro.test");
        assertThat(composers.profileFor(mixed)).isEqualTo(SignatureProfile.SHA256);
        // a domain not yet known to be ours (found only by a database lookup) is looked up too
        assertThat(composers.profileFor(List.of("carla@nuovo.nostro.test"))).isEqualTo(SignatureProfile.SHA256);
        assertThat(composers.profileFor(List.of("not an address"))).isEqualTo(SignatureProfile.SHA256);
        assertThat(lookedUp).containsExactly(mixed, List.of("carla@nuovo.nostro.test"), List.of("not an address"));
    }
}
