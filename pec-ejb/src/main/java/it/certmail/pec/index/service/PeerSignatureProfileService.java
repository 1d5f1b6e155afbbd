package it.certmail.pec.index.service;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerIdentity;
import it.certmail.pec.index.domain.PeerSignatureProfiles;
import it.certmail.pec.index.infra.JpaPeerSignatureProfiles;
import it.certmail.pec.index.infra.JpaProviderIndex;
import it.certmail.pec.platform.service.PlatformSettings;

/**
 * The signature profile per peer provider (issue 17): the choice an operator made for a provider of the index, the
 * global {@code pec.signature.profile} otherwise, and the profile of a message from its recipients. The choice is
 * kept by the provider's identity, apart from the index, so reloading the index keeps it.
 */
@Stateless
public class PeerSignatureProfileService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    PlatformSettings settings;

    @Inject
    Clock clock;

    /** The profile of every peer without a choice of its own: {@code pec.signature.profile}. */
    public SignatureProfile global() {
        return settings.signatureProfile();
    }

    /** Every choice made, by provider. */
    public Map<PeerIdentity, SignatureProfile> chosen() {
        return new JpaPeerSignatureProfiles(em).all();
    }

    /**
     * Chooses {@code profile} for what this provider sends to {@code peer}'s domains; {@code null} goes back to
     * the global profile.
     *
     * @return the profile that applies to the peer from now on
     * @throws PeerChoiceException when the index has no such provider ({@link PeerChoiceException#unknownPeer()}),
     *                             or it is this provider's own record (its profile is the global one)
     */
    public SignatureProfile choose(PeerIdentity peer, SignatureProfile profile) throws PeerChoiceException {
        boolean listed = new JpaProviderIndex(em).all().stream().anyMatch(r -> PeerIdentity.of(r).equals(peer));
        if (!listed) {
            throw new PeerChoiceException(true, "no provider " + peer.name()
                    + (peer.unit().isEmpty() ? "" : " / " + peer.unit()) + " in the providers' index");
        }
        if (peer.equals(new PeerIdentity(settings.providerName(), null))) {
            throw new PeerChoiceException(false, "this is our own provider: its profile is pec.signature.profile");
        }
        new JpaPeerSignatureProfiles(em).choose(peer, profile, clock.instant());
        return profile == null ? global() : profile;
    }

    /** The profile that applies to {@code peer}: its choice, or the global one. */
    public SignatureProfile effective(PeerIdentity peer) {
        return new JpaPeerSignatureProfiles(em).chosen(peer).orElse(global());
    }

    public Optional<SignatureProfile> chosen(PeerIdentity peer) {
        return new JpaPeerSignatureProfiles(em).chosen(peer);
    }

    /**
     * The profile of a message to {@code recipients} (addresses): legacy when the provider of any of their domains
     * asks for it, or the global profile is legacy and some domain has no choice; see {@link PeerSignatureProfiles}.
     */
    public SignatureProfile forRecipients(Collection<String> recipients) {
        Set<String> domains = PeerSignatureProfiles.domainsOf(recipients);
        return PeerSignatureProfiles.forDomains(domains, new JpaPeerSignatureProfiles(em).forDomains(domains),
                global());
    }

    /** A choice that cannot be made: no such provider in the index, or our own. Checked: the EJB passes it on. */
    public static class PeerChoiceException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unknownPeer;

        public PeerChoiceException(boolean unknownPeer, String message) {
            super(message);
            this.unknownPeer = unknownPeer;
        }

        public boolean unknownPeer() {
            return unknownPeer;
        }
    }
}
