package it.certmail.pec.mailbox.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** Contatto della rubrica: a name and a PEC address in one mailbox's address book, with the groups it is in. */
@Entity
@Table(name = "address_contact")
@NamedQuery(name = AddressContact.BY_MAILBOX, query = "SELECT c FROM AddressContact c WHERE c.mailboxId = :mailboxId"
        + " ORDER BY c.name, c.address")
@NamedQuery(name = AddressContact.BY_ADDRESS, query = "SELECT c FROM AddressContact c WHERE c.mailboxId = :mailboxId"
        + " AND c.address = :address")
@NamedQuery(name = AddressContact.SUGGEST, query = "SELECT c FROM AddressContact c WHERE c.mailboxId = :mailboxId"
        + " AND (LOWER(c.name) LIKE :prefix ESCAPE '\\' OR c.address LIKE :prefix ESCAPE '\\')"
        + " ORDER BY c.name, c.address")
public class AddressContact {

    public static final String BY_MAILBOX = "AddressContact.byMailbox";
    public static final String BY_ADDRESS = "AddressContact.byAddress";
    public static final String SUGGEST = "AddressContact.suggest";

    @Id
    @SequenceGenerator(name = "address_contact_seq", sequenceName = "address_contact_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "address_contact_seq")
    private Long id;

    @Column(name = "mailbox_id", nullable = false)
    private long mailboxId;

    @Column(name = "name", nullable = false, length = 255)
    private String name;

    @Column(name = "address", nullable = false, length = 320)
    private String address;

    @Column(name = "group_names", nullable = false, length = 1000)
    private String groupNames = "";

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected AddressContact() {
        // for JPA
    }

    public AddressContact(long mailboxId, String name, String address, List<String> groups, Instant createdAt) {
        this.mailboxId = mailboxId;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        update(name, address, groups);
    }

    /** Values already checked by the caller; the address lower-case. */
    public void update(String name, String address, List<String> groups) {
        this.name = Objects.requireNonNull(name, "name");
        this.address = Objects.requireNonNull(address, "address");
        this.groupNames = String.join("\n", groups);
    }

    public Long getId() {
        return id;
    }

    public long getMailboxId() {
        return mailboxId;
    }

    public String getName() {
        return name;
    }

    public String getAddress() {
        return address;
    }

    public List<String> getGroups() {
        return groupNames == null || groupNames.isEmpty() ? List.of() : List.of(groupNames.split("\n"));
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
