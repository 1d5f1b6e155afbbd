package it.certmail.pec.index.model;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Profilo di firma scelto per un gestore: the signature profile ({@code sha256} or {@code legacy}) this provider
 * uses for what it sends to one peer provider, keyed by the peer's identity in the index (providerName,
 * providerUnit; lower-case, {@code ""} for the main record) so that it outlives every reload of the index.
 */
@Entity
@Table(name = "peer_signature_profile")
@NamedQuery(name = PeerSignatureProfile.FIND_ALL, query = "SELECT p FROM PeerSignatureProfile p")
@NamedQuery(name = PeerSignatureProfile.FIND_FOR_DOMAINS,
        query = "SELECT d.domainName, p.profile FROM ProviderDomain d, PeerSignatureProfile p"
                + " WHERE d.domainName IN :domains AND p.key.providerName = LOWER(d.provider.name)"
                + " AND p.key.providerUnit = LOWER(d.provider.providerUnit)")
public class PeerSignatureProfile {

    public static final String FIND_ALL = "PeerSignatureProfile.findAll";
    /** Parameter {@code domains}: lower-case domain names; rows of (domain name, profile) for those with a choice. */
    public static final String FIND_FOR_DOMAINS = "PeerSignatureProfile.findForDomains";

    @EmbeddedId
    private Key key;

    @Column(name = "profile", nullable = false, length = 16)
    private String profile;

    @Column(name = "chosen_at", nullable = false)
    private OffsetDateTime chosenAt;

    protected PeerSignatureProfile() {
        // for JPA
    }

    public PeerSignatureProfile(Key key, String profile, OffsetDateTime chosenAt) {
        this.key = Objects.requireNonNull(key, "key");
        choose(profile, chosenAt);
    }

    public void choose(String profile, OffsetDateTime chosenAt) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.chosenAt = Objects.requireNonNull(chosenAt, "chosenAt");
    }

    public Key getKey() {
        return key;
    }

    public String getProfile() {
        return profile;
    }

    public OffsetDateTime getChosenAt() {
        return chosenAt;
    }

    /** A provider's identity in the index, lower-case; the unit {@code ""} for the main record. */
    @Embeddable
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        @Column(name = "provider_name", nullable = false, length = 255)
        private String providerName;

        @Column(name = "provider_unit", nullable = false, length = 255)
        private String providerUnit;

        protected Key() {
            // for JPA
        }

        /** @param providerUnit {@code null} for the main record */
        public Key(String providerName, String providerUnit) {
            this.providerName = Objects.requireNonNull(providerName, "providerName").toLowerCase(Locale.ROOT);
            this.providerUnit = providerUnit == null ? "" : providerUnit.toLowerCase(Locale.ROOT);
        }

        public String getProviderName() {
            return providerName;
        }

        public String getProviderUnit() {
            return providerUnit;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && providerName.equals(k.providerName) && providerUnit.equals(k.providerUnit);
        }

        @Override
        public int hashCode() {
            return Objects.hash(providerName, providerUnit);
        }
    }
}
