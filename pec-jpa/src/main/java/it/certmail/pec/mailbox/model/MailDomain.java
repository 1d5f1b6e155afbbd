package it.certmail.pec.mailbox.model;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Dominio di posta locale: a domain whose mailboxes this provider hosts. Stored lower-case; each one is also
 * published among the managedDomains of our record in the providers' index.
 */
@Entity
@Table(name = "mail_domain")
@NamedQuery(name = MailDomain.FIND_BY_NAME, query = "SELECT d FROM MailDomain d WHERE d.name = :name")
@NamedQuery(name = MailDomain.FIND_ALL_NAMES, query = "SELECT d.name FROM MailDomain d ORDER BY d.name")
public class MailDomain {

    /** Parameter {@code name}: lower-case. */
    public static final String FIND_BY_NAME = "MailDomain.findByName";
    /** Every local domain name, sorted. */
    public static final String FIND_ALL_NAMES = "MailDomain.findAllNames";

    @Id
    @SequenceGenerator(name = "mail_domain_seq", sequenceName = "mail_domain_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mail_domain_seq")
    private Long id;

    @Column(name = "name", nullable = false, unique = true, length = 253)
    private String name;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    protected MailDomain() {
        // for JPA
    }

    public MailDomain(String name, OffsetDateTime createdAt) {
        this.name = Objects.requireNonNull(name, "name").toLowerCase(Locale.ROOT);
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }
}
