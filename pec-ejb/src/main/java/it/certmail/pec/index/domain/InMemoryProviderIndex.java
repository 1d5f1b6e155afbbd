package it.certmail.pec.index.domain;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Indice dei gestori in memoria: an immutable {@link ProviderIndex} over a snapshot of records, for tests
 * and for a cache warmed from the database.
 */
public final class InMemoryProviderIndex implements ProviderIndex {

    /** Ordering of {@link ProviderIndex#all()}: by name, then the main record before its secondary units. */
    public static final Comparator<ProviderRecord> ORDER = Comparator
            .comparing(ProviderRecord::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(ProviderRecord::providerUnit, Comparator.nullsFirst(String.CASE_INSENSITIVE_ORDER));

    private final List<ProviderRecord> records;
    private final Map<String, ProviderRecord> byHash = new HashMap<>();
    private final Map<String, ProviderRecord> byDomain = new HashMap<>();

    /**
     * @throws IllegalArgumentException if two records share a domain, a certificate hash, or the same
     *                                  (name, providerUnit): the reader is expected to have dropped those
     */
    public InMemoryProviderIndex(Collection<ProviderRecord> records) {
        this.records = records.stream().sorted(ORDER).toList();
        Map<String, ProviderRecord> byKey = new HashMap<>();
        for (ProviderRecord r : this.records) {
            String key = r.name().toLowerCase(Locale.ROOT) + "\u0000"
                    + (r.providerUnit() == null ? "" : r.providerUnit().toLowerCase(Locale.ROOT));
            putUnique(byKey, key, r, "provider");
            r.certificateHashes().forEach(h -> putUnique(byHash, h, r, "providerCertificateHash"));
            r.managedDomains().forEach(d -> putUnique(byDomain, d, r, "managedDomains"));
        }
    }

    public static InMemoryProviderIndex of(ProviderRecord... records) {
        return new InMemoryProviderIndex(List.of(records));
    }

    @Override
    public Optional<ProviderRecord> findByCertificateHash(String sha1Hex) {
        return CertificateHash.normalize(sha1Hex).map(byHash::get);
    }

    @Override
    public Optional<ProviderRecord> findByDomain(String domain) {
        if (domain == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byDomain.get(domain.strip().toLowerCase(Locale.ROOT)));
    }

    @Override
    public List<ProviderRecord> all() {
        return records;
    }

    private static void putUnique(Map<String, ProviderRecord> map, String key, ProviderRecord r, String what) {
        ProviderRecord previous = map.putIfAbsent(key, r);
        if (previous != null) {
            throw new IllegalArgumentException(what + " " + key.replace('\u0000', '/') + " of " + r
                    + " already belongs to " + previous);
        }
    }
}
