package it.certmail.pec.mailbox.model;

import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** Avviso di nuova PEC: the ordinary e-mail addresses and mobile numbers told when a PEC message arrives. */
@Entity
@Table(name = "new_mail_alert")
public class NewMailAlert {

    @Id
    @Column(name = "mailbox_id")
    private Long mailboxId;

    @Column(name = "emails", nullable = false, length = 1000)
    private String emails = "";

    @Column(name = "mobiles", nullable = false, length = 100)
    private String mobiles = "";

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected NewMailAlert() {
        // for JPA
    }

    public NewMailAlert(long mailboxId) {
        this.mailboxId = mailboxId;
    }

    public long getMailboxId() {
        return mailboxId;
    }

    public List<String> getEmails() {
        return lines(emails);
    }

    public List<String> getMobiles() {
        return lines(mobiles);
    }

    /** Both lists already checked (at most 3 each, well formed). */
    public void set(List<String> emails, List<String> mobiles) {
        this.emails = String.join("\n", emails);
        this.mobiles = String.join("\n", mobiles);
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
