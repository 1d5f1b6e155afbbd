package it.certmail.pec.index.model;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * Gestore nell'indice (record IGPEC): the main record of a provider or one of its secondary environments,
 * unique by (name, providerUnit).
 *
 * <p>The main record stores providerUnit as the empty string, not NULL: a unique constraint treats NULLs
 * as distinct on both H2 and PostgreSQL, so NULL would let two main records of the same provider in.
 */
@Entity
@Table(name = "provider",
        uniqueConstraints = @UniqueConstraint(name = "uk_provider_name_unit", columnNames = {"name", "provider_unit"}))
@NamedQuery(name = Provider.FIND_BY_KEY,
        query = "SELECT p FROM Provider p WHERE LOWER(p.name) = :name AND LOWER(p.providerUnit) = :unit")
@NamedQuery(name = Provider.FIND_ALL, query = "SELECT p FROM Provider p ORDER BY p.name, p.providerUnit")
public class Provider {

    /** Parameters {@code name} and {@code unit}, both lower-case; unit {@code ""} for the main record. */
    public static final String FIND_BY_KEY = "Provider.findByKey";
    public static final String FIND_ALL = "Provider.findAll";

    @Id
    @SequenceGenerator(name = "provider_seq", sequenceName = "provider_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "provider_seq")
    private Long id;

    @Column(name = "name", nullable = false, length = 255)
    private String name;

    @Column(name = "provider_unit", nullable = false, length = 255)
    private String providerUnit;

    @Column(name = "mail_receipt", nullable = false, length = 320)
    private String mailReceipt;

    @Column(name = "ldif_location_url", length = 2048)
    private String ldifLocationUrl;

    @Column(name = "description", length = 4000)
    private String description;

    @Column(name = "imported_at", nullable = false)
    private OffsetDateTime importedAt;

    @OneToMany(mappedBy = "provider", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("listOrder ASC")
    private List<ProviderCertificate> certificates = new ArrayList<>();

    @OneToMany(mappedBy = "provider", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("domainName ASC")
    private List<ProviderDomain> domains = new ArrayList<>();

    protected Provider() {
        // for JPA
    }

    /**
     * @param providerUnit the secondary environment, {@code null} for the main record
     */
    public Provider(String name, String providerUnit, String mailReceipt, OffsetDateTime importedAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.providerUnit = providerUnit == null ? "" : providerUnit;
        assign(mailReceipt, null, null, importedAt);
    }

    /** Replaces the single-valued attributes with those of a newer import. */
    public void update(String mailReceipt, String ldifLocationUrl, String description, OffsetDateTime importedAt) {
        assign(mailReceipt, ldifLocationUrl, description, importedAt);
    }

    // JPA forbids final methods on entities, and a constructor should not call an overridable one
    private void assign(String mailReceipt, String ldifLocationUrl, String description, OffsetDateTime importedAt) {
        this.mailReceipt = Objects.requireNonNull(mailReceipt, "mailReceipt");
        this.ldifLocationUrl = ldifLocationUrl;
        this.description = description;
        this.importedAt = Objects.requireNonNull(importedAt, "importedAt");
    }

    /** Adds the certificate, or moves it to {@code listOrder} if already present. */
    public void putCertificate(String sha1Hash, byte[] der, int listOrder) {
        Optional<ProviderCertificate> existing = certificate(sha1Hash);
        if (existing.isPresent()) {
            existing.get().setListOrder(listOrder);
        } else {
            certificates.add(new ProviderCertificate(this, sha1Hash, der, listOrder));
        }
    }

    /** Removes the certificates whose hash is not in {@code sha1Hashes} (orphan removal deletes the rows). */
    public void retainCertificates(Collection<String> sha1Hashes) {
        certificates.removeIf(c -> !sha1Hashes.contains(c.getSha1Hash()));
    }

    public void removeCertificate(String sha1Hash) {
        certificates.removeIf(c -> c.getSha1Hash().equals(sha1Hash));
    }

    public void addDomain(String domainName) {
        if (domains.stream().noneMatch(d -> d.getDomainName().equals(domainName))) {
            domains.add(new ProviderDomain(this, domainName));
        }
    }

    /** Removes the domains not in {@code domainNames} (orphan removal deletes the rows). */
    public void retainDomains(Collection<String> domainNames) {
        domains.removeIf(d -> !domainNames.contains(d.getDomainName()));
    }

    public void removeDomain(String domainName) {
        domains.removeIf(d -> d.getDomainName().equals(domainName));
    }

    private Optional<ProviderCertificate> certificate(String sha1Hash) {
        return certificates.stream().filter(c -> c.getSha1Hash().equals(sha1Hash)).findFirst();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    /** The secondary environment, or {@code null} for the main record. */
    public String getProviderUnit() {
        return providerUnit.isEmpty() ? null : providerUnit;
    }

    public String getMailReceipt() {
        return mailReceipt;
    }

    public String getLdifLocationUrl() {
        return ldifLocationUrl;
    }

    public String getDescription() {
        return description;
    }

    public OffsetDateTime getImportedAt() {
        return importedAt;
    }

    /** Certificates in their published order. */
    public List<ProviderCertificate> getCertificates() {
        List<ProviderCertificate> sorted = new ArrayList<>(certificates);
        sorted.sort((a, b) -> Integer.compare(a.getListOrder(), b.getListOrder()));
        return Collections.unmodifiableList(sorted);
    }

    public List<ProviderDomain> getDomains() {
        return Collections.unmodifiableList(domains);
    }
}
