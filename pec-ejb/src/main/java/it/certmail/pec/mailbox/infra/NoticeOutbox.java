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
        Route route = route(channel, phone, mailbox.getReferenceEmail(), mailbox.getAddress());
        em.persist(new Notice(mailbox.getAddress(), route.channel(), route.recipient(), subject, body, dedupe, now));
        em.flush();
        return true;
    }

    /**
     * A notice to a given recipient (an ordinary address or a mobile number the holder chose), not routed.
     *
     * @return whether it was added ({@code false}: a notice with this key exists already)
     */
    public boolean addTo(Mailbox mailbox, Notice.Channel channel, String recipient, String subject, String body,
            String key, Instant now) {
        return addTo(mailbox, channel, recipient, subject, body, key, null, now);
    }

    /**
     * {@link #addTo} with a stored message sent along as an attachment (e-mail only); the notice takes a reference
     * on its blob, given back by the sender once the notice is sent or given up.
     */
    public boolean addTo(Mailbox mailbox, Notice.Channel channel, String recipient, String subject, String body,
            String key, Long attachedBlobId, Instant now) {
        String dedupe = mailbox.getAddress() + "/" + key;
        if (dedupe.length() > 400) {
            dedupe = mailbox.getAddress() + "/sha256/" + sha256(key);
        }
        if (em.createNamedQuery(Notice.COUNT_KEY, Long.class).setParameter("key", dedupe).getSingleResult() > 0) {
            return false;
        }
        Notice notice = new Notice(mailbox.getAddress(), channel, recipient, subject,
                body.length() > 4000 ? body.substring(0, 4000) : body, dedupe, now);
        if (attachedBlobId != null) {
            // the notice's own reference: the copy survives the message's deletion until it is sent
            em.createNativeQuery("UPDATE message_blob SET ref_count = ref_count + 1 WHERE id = ?")
                    .setParameter(1, attachedBlobId).executeUpdate();
            notice.attach(attachedBlobId);
        }
        em.persist(notice);
        em.flush();
        return true;
    }

    private static String sha256(String key) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a notice goes: the channel asked for, or the next one the holder has. */
    public record Route(Notice.Channel channel, String recipient) {
    }

    /** SMS without a phone goes by e-mail; e-mail without a reference address goes into the mailbox. */
    public static Route route(Notice.Channel channel, String phone, String referenceEmail, String address) {
        Notice.Channel to = channel;
        if (to == Notice.Channel.SMS && (phone == null || phone.isBlank())) {
            to = Notice.Channel.EMAIL;
        }
        if (to == Notice.Channel.EMAIL && referenceEmail == null) {
            to = Notice.Channel.PEC;
        }
        return new Route(to, switch (to) {
            case SMS -> phone;
            case EMAIL -> referenceEmail;
            case PEC -> address;
        });
    }

    public List<Notice> pending(int max, int maxAttempts) {
        return em.createNamedQuery(Notice.PENDING, Notice.class).setParameter("maxAttempts", maxAttempts)
                .setMaxResults(max).getResultList();
    }

    public List<Notice> forMailbox(String address) {
        return em.createNamedQuery(Notice.BY_MAILBOX, Notice.class).setParameter("address", address).getResultList();
    }
}
