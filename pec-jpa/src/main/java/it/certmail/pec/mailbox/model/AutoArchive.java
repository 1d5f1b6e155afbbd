package it.certmail.pec.mailbox.model;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Archiviazione automatica: the kinds of arriving mail a mailbox keeps a copy of in its Archive folder. */
@Entity
@Table(name = "auto_archive")
public class AutoArchive {

    @Id
    @Column(name = "mailbox_id")
    private Long mailboxId;

    @Column(name = "kinds", nullable = false, length = 100)
    private String kinds = "";

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected AutoArchive() {
        // for JPA
    }

    public AutoArchive(long mailboxId) {
        this.mailboxId = mailboxId;
    }

    public List<String> getKinds() {
        return kinds == null || kinds.isEmpty() ? List.of() : List.of(kinds.split("\n"));
    }

    public void setKinds(List<String> kinds) {
        this.kinds = String.join("\n", kinds);
    }
}
