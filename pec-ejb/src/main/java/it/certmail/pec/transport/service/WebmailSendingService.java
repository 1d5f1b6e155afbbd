package it.certmail.pec.transport.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.access.service.MailAccessService;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.service.DataDiskSpace;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.transport.domain.OutgoingMail;
import it.certmail.pec.transport.domain.OutgoingMailWriter;
import it.certmail.pec.transport.domain.ReplyDraft;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.StorageAdmission;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import it.certmail.pec.transport.domain.SubmissionLimits;

/**
 * Invio dalla webmail: a message composed in the browser becomes MIME (streamed from its attachment files into a
 * spool) and goes through the very access point SMTP submission uses ({@link AccessPointService#submit}: the same
 * checks, acceptance receipt and log). Once accepted, its copy is appended to Sent the way an IMAP client does it
 * (the access point files no copy: mail clients APPEND theirs), through the same store. Drafts live in Drafts with
 * {@code \Draft}. Originals for a reply or forward are read from the holder's own mailbox only.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebmailSendingService {

    public static final String SENT = MailFolder.DEFAULTS.get(1).name();
    public static final String DRAFTS = MailFolder.DEFAULTS.get(2).name();
    private static final Logger LOG = Logger.getLogger(WebmailSendingService.class.getName());
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final Session SESSION = Session.getInstance(new Properties());
    /** The text of an original quoted in a reply is read up to this many bytes. */
    private static final int MAX_TEXT_BYTES = 256 * 1024;

    /**
     * The outcome of a send.
     *
     * @param accepted   whether the access point accepted it (the acceptance receipt is in the INBOX)
     * @param pecMsgid   the transaction's identifier when accepted
     * @param refusal    why it was not accepted (the avviso di non accettazione's reasons, or the SMTP reply)
     * @param sentUid    the UID of the copy in Sent, or null when none could be kept (e.g. no room left)
     */
    public record SendOutcome(boolean accepted, String pecMsgid, String refusal, Long sentUid) {
    }

    /** The limits that apply to one message of a mailbox, to refuse a too large message before sending it. */
    public record Limits(int maxRecipients, long maxTotalBytes, long absoluteMaxBytes, long freeBytes) {
        public Limits {
            freeBytes = Math.max(0, freeBytes);
        }
    }

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    AccessPointService accessPoint;

    @Inject
    DataDiskSpace disk;

    @Inject
    MessageStoreService store;

    @Inject
    MailAccessService mailAccess;

    @Inject
    MailboxService mailboxes;

    @Inject
    TransportSettings transport;

    @Inject
    Clock clock;

    public Limits limits(String address) {
        SubmissionLimits l = transport.limits();
        long free = mailboxes.findMailbox(address).map(m -> m.quotaBytes() - m.usedBytes()).orElse(0L);
        return new Limits(l.maxRecipients(), l.maxTotalBytes(), l.absoluteMaxBytes(), free);
    }

    /** Submits the message at the access point; on acceptance keeps its copy in Sent. */
    public SendOutcome send(OutgoingMail mail, InetAddress client, String sessionId)
            throws IOException, MessagingException {
        if (!disk.hasRoom()) {
            // as SMTP submission answers 452: nothing is written, the holder may send again later
            return new SendOutcome(false, null, StorageAdmission.INSUFFICIENT_STORAGE.text(), null);
        }
        String messageId = newMessageId(mail.from());
        Instant now = clock.instant();
        try (Spool mime = Spool.create()) {
            try (OutputStream out = mime.output()) {
                OutgoingMailWriter.write(mail, messageId, ZonedDateTime.ofInstant(now, ROME), out);
            }
            SubmissionEnvelope envelope = new SubmissionEnvelope(mail.from(), mail.from(), mail.recipients(), client,
                    "webmail", sessionId);
            SmtpReply reply;
            try (InputStream in = mime.open()) {
                reply = accessPoint.submit(envelope, in);
            }
            if (reply.code() / 100 != 2) {
                return new SendOutcome(false, null, reply.text(), null);
            }
            Optional<String> pecMsgid = acceptedAs(mail.from(), messageId);
            if (pecMsgid.isEmpty()) {
                return new SendOutcome(false, null, refusalOf(messageId).orElse(reply.text()), null);
            }
            Long sentUid = null;
            try (InputStream in = mime.open()) {
                DeliveredMessage copy = store.appendToFolder(mail.from(), SENT, in, List.of("\\Seen"), now);
                sentUid = copy.uid();
            } catch (MailboxException | RuntimeException noCopy) {
                // the message went (the access point committed it): only its copy could not be kept, which the page
                // says; never an exception here, or the holder would be told to send it again
                LOG.log(Level.WARNING, "accepted " + pecMsgid.get() + " but its copy in Sent could not be kept", noCopy);
            }
            return new SendOutcome(true, pecMsgid.get(), null, sentUid);
        }
    }

    /** Keeps the message in Drafts ({@code \Draft}); the draft it replaces, if any, is removed. */
    public long saveDraft(OutgoingMail mail, Long replacedUid) throws IOException, MessagingException, MailboxException {
        Instant now = clock.instant();
        try (Spool mime = Spool.create()) {
            try (OutputStream out = mime.output()) {
                OutgoingMailWriter.write(mail, newMessageId(mail.from()), ZonedDateTime.ofInstant(now, ROME), out);
            }
            long uid;
            try (InputStream in = mime.open()) {
                uid = store.appendToFolder(mail.from(), DRAFTS, in, List.of("\\Draft", "\\Seen"), now).uid();
            }
            if (replacedUid != null) {
                discardDraft(mail.from(), replacedUid);
            }
            return uid;
        }
    }

    /** Removes a draft (after it was sent, or replaced by a newer save). */
    public void discardDraft(String address, long uid) {
        try {
            List<MessageMeta> found = mailAccess.messages(address, DRAFTS, new long[] {uid});
            if (found.isEmpty() || !found.get(0).hasFlag("\\Draft")) {
                return;
            }
            mailAccess.updateFlags(address, DRAFTS, List.of(uid), FlagOperation.ADD, Set.of("\\Deleted"), -1);
            mailAccess.expunge(address, DRAFTS, List.of(uid));
        } catch (MailAccessException e) {
            // gone already: nothing to remove
        }
    }

    /**
     * A draft of this mailbox read back into the form, its attachments copied into {@code directory}; empty when
     * there is no such draft.
     */
    public Optional<OutgoingMail> openDraft(String address, long uid, Path directory)
            throws IOException, MessagingException {
        Optional<MessageMeta> meta = meta(address, DRAFTS, uid).filter(m -> m.hasFlag("\\Draft"));
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        try (Spool raw = read(meta.get())) {
            MimeMessage m = new MimeMessage(SESSION, raw.openShared());
            List<OutgoingMail.Attachment> attachments = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            collect(m, text, attachments, directory);
            String inReplyTo = m.getHeader("In-Reply-To", null);
            String references = m.getHeader("References", " ");
            return Optional.of(new OutgoingMail(address, addresses(m, Message.RecipientType.TO),
                    addresses(m, Message.RecipientType.CC), decoded(m.getSubject()), text.toString(),
                    ReceiptForm.parse(m.getHeader(OutgoingMailWriter.X_TIPO_RICEVUTA, null)), inReplyTo,
                    references == null ? List.of() : List.of(MimeUtility.unfold(references).trim().split("\\s+")),
                    attachments));
        }
    }

    /** The facts of a message of this mailbox a reply needs; empty when there is no such message. */
    public Optional<ReplyDraft.Original> original(String address, String folder, long uid)
            throws IOException, MessagingException {
        Optional<MessageMeta> meta = meta(address, folder, uid);
        if (meta.isEmpty()) {
            return Optional.empty();
        }
        try (Spool raw = read(meta.get())) {
            MimeMessage m = new MimeMessage(SESSION, raw.openShared());
            String text = "";
            Optional<InputStream> postacert = "posta-certificata".equalsIgnoreCase(header(m, "X-Trasporto"))
                    ? PecParts.openPostacert(m) : Optional.empty();
            if (postacert.isPresent()) {
                try (Spool inner = Spool.copyOf(postacert.get())) {
                    postacert.get().close();
                    text = firstText(new MimeMessage(SESSION, inner.openShared()));
                }
            } else {
                text = firstText(m);
            }
            String references = m.getHeader("References", " ");
            ZonedDateTime date = m.getSentDate() == null ? null
                    : ZonedDateTime.ofInstant(m.getSentDate().toInstant(), ROME);
            return Optional.of(new ReplyDraft.Original(first(m.getFrom()), first(m.getReplyTo()),
                    addresses(m, Message.RecipientType.TO), addresses(m, Message.RecipientType.CC),
                    decoded(m.getSubject()), header(m, "Message-ID"), header(m, "X-Riferimento-Message-ID"),
                    references == null ? List.of() : List.of(MimeUtility.unfold(references).trim().split("\\s+")),
                    date, text));
        }
    }

    /** Copies the exact stored bytes of a message of this mailbox into {@code file} (a forward's attachment). */
    public boolean copyOriginal(String address, String folder, long uid, Path file) throws IOException {
        Optional<MessageMeta> meta = meta(address, folder, uid);
        if (meta.isEmpty()) {
            return false;
        }
        try (InputStream in = mailAccess.open(meta.get().blobId())) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return true;
    }

    /** The addresses this mailbox sent to, most recent first: what address completion offers. */
    public List<String> recentRecipients(String address, int max) {
        return em.createQuery("SELECT r.recipient, MAX(t.acceptedAt) FROM Delivery r JOIN r.transmission t"
                        + " WHERE t.sender = :sender GROUP BY r.recipient ORDER BY MAX(t.acceptedAt) DESC", Object[].class)
                .setParameter("sender", address.toLowerCase(Locale.ROOT)).setMaxResults(max).getResultList().stream()
                .map(r -> (String) r[0]).toList();
    }

    private Optional<String> acceptedAs(String sender, String messageId) {
        String bare = messageId.substring(1, messageId.length() - 1);
        return em.createQuery("SELECT t.pecMsgid FROM Transmission t WHERE t.sender = :sender"
                        + " AND t.clientMsgid IN (:id, :bare)", String.class)
                .setParameter("sender", sender.toLowerCase(Locale.ROOT)).setParameter("id", messageId)
                .setParameter("bare", bare).getResultStream().findFirst();
    }

    /** The reasons of the avviso di non accettazione, as the log keeps them. */
    private Optional<String> refusalOf(String messageId) {
        String bare = messageId.substring(1, messageId.length() - 1);
        return em.createQuery("SELECT e.detail FROM LogEntry e WHERE e.clientMsgid IN (:id, :bare)"
                        + " AND e.eventType IN :types ORDER BY e.eventTime DESC", String.class)
                .setParameter("id", messageId).setParameter("bare", bare)
                .setParameter("types", List.of(LogEventType.NON_ACCETTAZIONE, LogEventType.NON_ACCETTAZIONE_VIRUS))
                .setMaxResults(1).getResultStream().findFirst();
    }

    private Optional<MessageMeta> meta(String address, String folder, long uid) {
        try {
            List<MessageMeta> found = mailAccess.messages(address, folder, new long[] {uid});
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        } catch (MailAccessException e) {
            return Optional.empty();
        }
    }

    private Spool read(MessageMeta meta) throws IOException {
        try (InputStream in = mailAccess.open(meta.blobId())) {
            return Spool.copyOf(in);
        }
    }

    private static String newMessageId(String from) {
        String domain = from.substring(from.indexOf('@') + 1);
        return "<webmail." + UUID.randomUUID() + "@" + domain + ">";
    }

    private static void collect(Part part, StringBuilder text, List<OutgoingMail.Attachment> attachments,
            Path directory) throws MessagingException, IOException {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), text, attachments, directory);
            }
            return;
        }
        String fileName = part.getFileName();
        if (fileName == null && part.isMimeType("text/plain") && text.isEmpty()) {
            text.append(part.getContent());
            return;
        }
        Path file = Files.createTempFile(directory, "draft-", ".part");
        try (InputStream in = part instanceof BodyPart bp && bp.isMimeType("message/rfc822")
                ? ((jakarta.mail.internet.MimeBodyPart) bp).getRawInputStream() : part.getInputStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        String type = part.getContentType() == null ? "application/octet-stream"
                : part.getContentType().split(";")[0].trim();
        attachments.add(new OutgoingMail.Attachment(fileName == null ? "allegato" : MimeUtility.decodeText(fileName),
                type, file, Files.size(file)));
    }

    private static String firstText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && part.getFileName() == null) {
            try (InputStream in = part.getInputStream()) {
                byte[] bytes = in.readNBytes(MAX_TEXT_BYTES);
                String charset = new jakarta.mail.internet.ContentType(part.getContentType()).getParameter("charset");
                return new String(bytes, charset == null ? "UTF-8" : MimeUtility.javaCharset(charset));
            }
        }
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String t = firstText(mp.getBodyPart(i));
                if (!t.isEmpty()) {
                    return t;
                }
            }
        }
        return "";
    }

    private static List<String> addresses(MimeMessage m, Message.RecipientType type) throws MessagingException {
        String field = m.getHeader(type == Message.RecipientType.TO ? "To" : "Cc", ",");
        if (field == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (InternetAddress a : InternetAddress.parseHeader(field, false)) {
            if (a.getAddress() != null) {
                out.add(a.getAddress().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static String first(jakarta.mail.Address[] addresses) {
        if (addresses == null) {
            return null;
        }
        for (jakarta.mail.Address a : addresses) {
            if (a instanceof InternetAddress ia && ia.getAddress() != null) {
                return ia.getAddress().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String header(MimeMessage m, String name) throws MessagingException {
        String value = m.getHeader(name, null);
        return value == null ? null : value.strip();
    }

    private static String decoded(String subject) {
        return subject == null ? "" : subject;
    }
}
