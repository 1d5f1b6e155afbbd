package it.certmail.pec.index.infra;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;

import it.certmail.pec.index.domain.CertificateHash;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.index.model.Provider;
import it.certmail.pec.index.model.ProviderCertificate;
import it.certmail.pec.index.model.ProviderDomain;

/**
 * Indice dei gestori su database: {@link ProviderIndex} over the {@code provider*} tables, plus the import
 * of a downloaded IGPEC LDIF.
 *
 * <p>Every method runs in the caller's transaction on the {@link EntityManager} given to the constructor
 * (in the container: the JTA unit {@code pec}); this class opens, commits and rolls back nothing. Lookups
 * are read-only. A record that the database holds but {@link ProviderRecord} rejects (hand-edited rows)
 * surfaces as {@link IllegalArgumentException}.
 */
public class JpaProviderIndex implements ProviderIndex {

    private final EntityManager em;

    public JpaProviderIndex(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    @Override
    public Optional<ProviderRecord> findByCertificateHash(String sha1Hex) {
        return CertificateHash.normalize(sha1Hex).flatMap(hash -> em
                .createNamedQuery(ProviderCertificate.FIND_PROVIDER_BY_HASH, Provider.class)
                .setParameter("hash", hash)
                .getResultStream().findFirst())
                .map(JpaProviderIndex::toRecord);
    }

    @Override
    public Optional<ProviderRecord> findByDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            return Optional.empty();
        }
        return em.createNamedQuery(ProviderDomain.FIND_PROVIDER_BY_DOMAIN, Provider.class)
                .setParameter("domain", domain.strip().toLowerCase(Locale.ROOT))
                .getResultStream().findFirst()
                .map(JpaProviderIndex::toRecord);
    }

    @Override
    public List<ProviderRecord> all() {
        // sorted in Java: the database collation would not order names the way InMemoryProviderIndex does
        return em.createNamedQuery(Provider.FIND_ALL, Provider.class).getResultList().stream()
                .map(JpaProviderIndex::toRecord)
                .sorted(InMemoryProviderIndex.ORDER)
                .toList();
    }

    /**
     * Inserts or overwrites each record, matched by (providerName, providerUnit) case-insensitively.
     * A domain or certificate that now appears in one of {@code records} is taken away from whichever
     * record held it before: the newer IGPEC data wins. Records not in the list are left alone (see
     * {@link #removeProvidersNotIn(Collection)} for a full-directory refresh).
     *
     * @param records    valid records, as returned by {@link ProviderLdif#read(String)}
     * @param importedAt when the LDIF was downloaded
     * @throws IllegalArgumentException if two of {@code records} share a key, a domain or a certificate
     */
    public ProviderImportResult importRecords(List<ProviderRecord> records, Instant importedAt) {
        // same uniqueness rules as the in-memory index; fails before anything is written
        new InMemoryProviderIndex(records);
        OffsetDateTime at = importedAt.atOffset(ZoneOffset.UTC);

        // phase 1: release domains and certificates that move, and flush the deletes before any insert,
        // because EclipseLink otherwise issues inserts first and trips the unique constraints
        List<Provider> found = new ArrayList<>();
        for (ProviderRecord r : records) {
            Provider p = findEntity(r.name(), r.providerUnit()).orElse(null);
            found.add(p);
            if (p != null) {
                p.retainDomains(r.managedDomains());
                p.retainCertificates(r.certificateHashes());
            }
            for (String d : r.managedDomains()) {
                em.createNamedQuery(ProviderDomain.FIND_BY_DOMAIN, ProviderDomain.class)
                        .setParameter("domain", d).getResultStream()
                        .filter(pd -> pd.getProvider() != p)
                        .forEach(pd -> pd.getProvider().removeDomain(d));
            }
            for (String h : r.certificateHashes()) {
                em.createNamedQuery(ProviderCertificate.FIND_BY_HASH, ProviderCertificate.class)
                        .setParameter("hash", h).getResultStream()
                        .filter(pc -> pc.getProvider() != p)
                        .forEach(pc -> pc.getProvider().removeCertificate(h));
            }
        }
        em.flush();

        // phase 2: write the records
        int inserted = 0;
        for (int i = 0; i < records.size(); i++) {
            ProviderRecord r = records.get(i);
            Provider p = found.get(i);
            if (p == null) {
                p = new Provider(r.name(), r.providerUnit(), r.mailReceipt(), at);
                em.persist(p);
                inserted++;
            }
            p.update(r.mailReceipt(), r.ldifLocationUrl(), r.description(), at);
            r.managedDomains().forEach(p::addDomain);
            List<SigningCertificate> certificates = r.certificates();
            for (int order = 0; order < certificates.size(); order++) {
                SigningCertificate c = certificates.get(order);
                p.putCertificate(c.sha1Hex(), c.der(), order);
            }
        }
        em.flush();
        return new ProviderImportResult(inserted, records.size() - inserted);
    }

    /**
     * Deletes every provider record whose (providerName, providerUnit) is not among {@code keep}: after
     * importing the whole directory, providers that left IGPEC must stop being trusted.
     *
     * @return how many records were deleted
     */
    public int removeProvidersNotIn(Collection<ProviderRecord> keep) {
        Set<String> keys = keep.stream().map(r -> key(r.name(), r.providerUnit())).collect(Collectors.toCollection(HashSet::new));
        int removed = 0;
        for (Provider p : em.createNamedQuery(Provider.FIND_ALL, Provider.class).getResultList()) {
            if (!keys.contains(key(p.getName(), p.getProviderUnit()))) {
                em.remove(p);
                removed++;
            }
        }
        em.flush();
        return removed;
    }

    private Optional<Provider> findEntity(String name, String providerUnit) {
        return em.createNamedQuery(Provider.FIND_BY_KEY, Provider.class)
                .setParameter("name", name.toLowerCase(Locale.ROOT))
                .setParameter("unit", providerUnit == null ? "" : providerUnit.toLowerCase(Locale.ROOT))
                .getResultStream().findFirst();
    }

    private static String key(String name, String providerUnit) {
        return name.toLowerCase(Locale.ROOT) + "/" + (providerUnit == null ? "" : providerUnit.toLowerCase(Locale.ROOT));
    }

    private static ProviderRecord toRecord(Provider p) {
        return new ProviderRecord(p.getName(), p.getProviderUnit(), p.getMailReceipt(),
                p.getDomains().stream().map(ProviderDomain::getDomainName).collect(Collectors.toSet()),
                p.getCertificates().stream().map(c -> new SigningCertificate(c.getDer(), c.getSha1Hash())).toList(),
                p.getLdifLocationUrl(), p.getDescription());
    }
}
