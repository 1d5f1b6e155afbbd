package it.certmail.pec.index.domain;

import java.util.List;
import java.util.Optional;

/**
 * Indice dei gestori di posta elettronica certificata (IGPEC, RFC 6109 §4.5): the local copy of the
 * providers' directory, queried by the access point (is a recipient domain certified?) and by the
 * reception point (which provider signed this message, and where does the presa in carico go?).
 *
 * <p>Lookups are read-only and never throw for unknown or malformed keys: they answer empty/false.
 * Implementations guarantee that a domain and a certificate hash belong to at most one record.
 */
public interface ProviderIndex {

    /**
     * The record whose providerCertificateHash contains {@code sha1Hex} (RFC 6109 §2.2.2).
     *
     * @param sha1Hex SHA-1 of the signer certificate's DER, hex, any case (colons tolerated)
     */
    Optional<ProviderRecord> findByCertificateHash(String sha1Hex);

    /** The record whose managedDomains contains {@code domain}, compared case-insensitively. */
    Optional<ProviderRecord> findByDomain(String domain);

    /**
     * Whether {@code domain} is a PEC domain: the access point marks such recipients {@code certificato},
     * the others {@code esterno} (RFC 6109 §2.2.1).
     */
    default boolean isCertifiedDomain(String domain) {
        return findByDomain(domain).isPresent();
    }

    /** Every record, main and secondary environments, ordered by name then providerUnit (main first). */
    List<ProviderRecord> all();
}
