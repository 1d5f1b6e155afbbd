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
 * Certificato di firma di un gestore (providerCertificate + providerCertificateHash): DER bytes and their
 * SHA-1, unique across the whole index so that a signature identifies one provider record.
 */
@Entity
@Table(name = "provider_certificate")
@NamedQuery(name = ProviderCertificate.FIND_PROVIDER_BY_HASH,
        query = "SELECT c.provider FROM ProviderCertificate c WHERE c.sha1Hash = :hash")
@NamedQuery(name = ProviderCertificate.FIND_BY_HASH,
        query = "SELECT c FROM ProviderCertificate c WHERE c.sha1Hash = :hash")
public class ProviderCertificate {

    /** Parameter {@code hash}: 40 uppercase hex digits. */
    public static final String FIND_PROVIDER_BY_HASH = "ProviderCertificate.findProviderByHash";
    public static final String FIND_BY_HASH = "ProviderCertificate.findByHash";

    @Id
    @SequenceGenerator(name = "provider_certificate_seq", sequenceName = "provider_certificate_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "provider_certificate_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "provider_id", nullable = false)
    private Provider provider;

    @Column(name = "sha1_hash", nullable = false, unique = true, length = 40)
    private String sha1Hash;

    // plain byte[] (no @Lob): binds as bytes on both H2 (VARBINARY) and PostgreSQL (bytea, not a large object)
    @Column(name = "der", nullable = false, length = 16384)
    private byte[] der;

    @Column(name = "list_order", nullable = false)
    private int listOrder;

    protected ProviderCertificate() {
        // for JPA
    }

    ProviderCertificate(Provider provider, String sha1Hash, byte[] der, int listOrder) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.sha1Hash = Objects.requireNonNull(sha1Hash, "sha1Hash");
        this.der = Objects.requireNonNull(der, "der").clone();
        this.listOrder = listOrder;
    }

    void setListOrder(int listOrder) {
        this.listOrder = listOrder;
    }

    public Long getId() {
        return id;
    }

    public Provider getProvider() {
        return provider;
    }

    /** SHA-1 over {@link #getDer()}, 40 uppercase hex digits. */
    public String getSha1Hash() {
        return sha1Hash;
    }

    public byte[] getDer() {
        return der.clone();
    }

    public int getListOrder() {
        return listOrder;
    }
}
