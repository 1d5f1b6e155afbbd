package it.certmail.pec.index.model;

import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Dominio gestito (managedDomains): a PEC domain, stored lower-case, unique across the whole index.
 */
@Entity
@Table(name = "provider_domain")
@NamedQuery(name = ProviderDomain.FIND_PROVIDER_BY_DOMAIN,
        query = "SELECT d.provider FROM ProviderDomain d WHERE d.domainName = :domain")
@NamedQuery(name = ProviderDomain.FIND_BY_DOMAIN,
        query = "SELECT d FROM ProviderDomain d WHERE d.domainName = :domain")
public class ProviderDomain {

    /** Parameter {@code domain}: lower-case. */
    public static final String FIND_PROVIDER_BY_DOMAIN = "ProviderDomain.findProviderByDomain";
    public static final String FIND_BY_DOMAIN = "ProviderDomain.findByDomain";

    @Id
    @SequenceGenerator(name = "provider_domain_seq", sequenceName = "provider_domain_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "provider_domain_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "provider_id", nullable = false)
    private Provider provider;

    @Column(name = "domain_name", nullable = false, unique = true, length = 253)
    private String domainName;

    protected ProviderDomain() {
        // for JPA
    }

    ProviderDomain(Provider provider, String domainName) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.domainName = Objects.requireNonNull(domainName, "domainName");
    }

    public Long getId() {
        return id;
    }

    public Provider getProvider() {
        return provider;
    }

    public String getDomainName() {
        return domainName;
    }
}
