package it.certmail.pec.index.infra;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerIdentity;
import it.certmail.pec.index.model.PeerSignatureProfile;

/** The signature profiles chosen per peer provider, in {@code peer_signature_profile}, in the caller's transaction. */
public final class JpaPeerSignatureProfiles {

    private final EntityManager em;

    public JpaPeerSignatureProfiles(EntityManager em) {
        this.em = em;
    }

    /** Every choice, by provider. */
    public Map<PeerIdentity, SignatureProfile> all() {
        Map<PeerIdentity, SignatureProfile> out = new HashMap<>();
        for (PeerSignatureProfile p : em.createNamedQuery(PeerSignatureProfile.FIND_ALL, PeerSignatureProfile.class)
                .getResultList()) {
            out.put(new PeerIdentity(p.getKey().getProviderName(), p.getKey().getProviderUnit()),
                    SignatureProfile.ofCode(p.getProfile()));
        }
        return out;
    }

    /** The choice for the providers of {@code domains} (lower-case), by domain; domains without one are absent. */
    public Map<String, SignatureProfile> forDomains(Collection<String> domains) {
        Map<String, SignatureProfile> out = new HashMap<>();
        if (domains.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createNamedQuery(PeerSignatureProfile.FIND_FOR_DOMAINS, Object[].class)
                .setParameter("domains", List.copyOf(domains)).getResultList();
        for (Object[] row : rows) {
            out.put((String) row[0], SignatureProfile.ofCode((String) row[1]));
        }
        return out;
    }

    public Optional<SignatureProfile> chosen(PeerIdentity peer) {
        return Optional.ofNullable(em.find(PeerSignatureProfile.class, key(peer)))
                .map(p -> SignatureProfile.ofCode(p.getProfile()));
    }

    /** Records {@code profile} for {@code peer}; {@code null} removes the choice (the global profile applies). */
    public void choose(PeerIdentity peer, SignatureProfile profile, Instant at) {
        PeerSignatureProfile row = em.find(PeerSignatureProfile.class, key(peer));
        if (profile == null) {
            if (row != null) {
                em.remove(row);
            }
        } else if (row == null) {
            em.persist(new PeerSignatureProfile(key(peer), profile.code(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
        } else {
            row.choose(profile.code(), OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
        em.flush();
    }

    private static PeerSignatureProfile.Key key(PeerIdentity peer) {
        return new PeerSignatureProfile.Key(peer.name(), peer.unit());
    }
}
