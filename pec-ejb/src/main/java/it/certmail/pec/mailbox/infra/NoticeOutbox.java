package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.Notice;

/**
 * Comunicazioni in uscita: notices written in the caller's transaction, once per key, and read back by the sender.
 * An e-mail for a holder without a reference address goes into the mailbox instead; an SMS for a holder without
 * a mobile number goes by e-mail.
 */
public class NoticeOutbox {

    private final EntityManager em;

    public NoticeOutbox(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /** @return whether it was added ({@code false}: a notice with this key exists already) */
    public boolean add(Mailbox mailbox, Notice.Channel channel, String phone, String subject, String body, String key,
            Instant now) {
        String dedupe = mailbox.getAddress() + "/" + key;
        if (em.createNamedQuery(Notice.COUNT_KEY, Long.class).setParameter("key", dedupe).getSingleResult() > 0) {
            return false;
        }
        Notice.Channel to = channel;
        String recipient;
        if (to == Notice.Channel.SMS && (phone == null || phone.isBlank())) {
            to = Notice.Channel.EMAIL;
        }
        if (to == Notice.Channel.EMAIL && mailbox.getReferenceEmail() == null) {
            to = Notice.Channel.PEC;
        }
        recipient = switch (to) {
            case SMS -> phone;
            case EMAIL -> mailbox.getReferenceEmail();
            case PEC -> mailbox.getAddress();
        };
        em.persist(new Notice(mailbox.getAddress(), to, recipient, subject, body, dedupe, now));
        em.flush();
        return true;
    }

    public List<Notice> pending(int max, int maxAttempts) {
        return em.createNamedQuery(Notice.PENDING, Notice.class).setParameter("maxAttempts", maxAttempts)
                .setMaxResults(max).getResultList();
    }

    public List<Notice> forMailbox(String address) {
        return em.createNamedQuery(Notice.BY_MAILBOX, Notice.class).setParameter("address", address).getResultList();
    }
}
