package it.certmail.pec.web.mail.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;

import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.FolderInfo;
import it.certmail.pec.access.domain.FolderStatus;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MessageListing;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.access.domain.MessageQuery;
import it.certmail.pec.access.service.MailAccessService;
import it.certmail.pec.crypto.SignatureCheck;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.receipts.service.VerificationService;
import it.certmail.pec.web.mail.read.MailViews.Attachment;
import it.certmail.pec.web.mail.read.MailViews.Certification;
import it.certmail.pec.web.mail.read.MailViews.Folder;
import it.certmail.pec.web.mail.read.MailViews.Message;
import it.certmail.pec.web.mail.read.MailViews.Page;
import it.certmail.pec.web.mail.read.MailViews.Recipient;
import it.certmail.pec.web.mail.read.MailViews.Row;
import it.certmail.pec.web.mail.read.MailViews.Signature;
import it.certmail.pec.web.shared.WebFormats;
import it.certmail.pec.webmail.domain.AttachmentMark;
import it.certmail.pec.webmail.domain.DaticertSummary;
import it.certmail.pec.webmail.domain.HtmlSanitizer;
import it.certmail.pec.webmail.domain.MessageParts;
import it.certmail.pec.webmail.domain.OnBehalfOf;
import it.certmail.pec.webmail.domain.PecBadge;

/**
 * The webmail's one way into the message store for reading: the same {@link MailAccessService} IMAP sessions use,
 * so flags, moves and deletions made here are theirs too (and wake their IDLE). Every method takes the address
 * the caller's session proved; a folder of another mailbox is simply not found, nor a UID not in the folder named.
 */
@ApplicationScoped
public class MailReading {

    /** Characters of a plain-text body shown on the page; longer ones say so and download whole. */
    static final int MAX_TEXT_CHARS = 1_000_000;
    /** Characters of an HTML body cleaned and shown. */
    static final int MAX_HTML_CHARS = 4_000_000;
    static final String INBOX = "INBOX";
    static final String SEEN = "\\Seen";
    static final String FLAGGED = "\\Flagged";
    static final String DELETED = "\\Deleted";

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Map<String, String> SPECIAL_LABELS = Map.of("\\Sent", "mail.folder.sent", "\\Drafts",
            "mail.folder.drafts", "\\Trash", "mail.folder.trash", "\\Archive", "mail.folder.archive");

    @Inject
    MailAccessService access;

    @Inject
    VerificationService verification;

    /** Thrown when a folder or message is not the session's mailbox's: the page answers 404. */
    public static final class NotFound extends Exception {
        private static final long serialVersionUID = 1L;

        NotFound(String what) {
            super(what);
        }
    }

    public List<Folder> folders(String address) throws MailAccessException {
        List<Folder> out = new ArrayList<>();
        Map<String, FolderStatus> statuses = new HashMap<>();
        for (FolderStatus s : access.statuses(address)) {
            statuses.put(s.name(), s);
        }
        for (FolderInfo f : access.folders(address)) {
            FolderStatus s = statuses.get(f.name());
            if (s == null) {
                // created between the two reads
                s = access.status(address, f.name());
            }
            String label = f.name().equalsIgnoreCase(INBOX) ? "mail.folder.inbox"
                    : f.specialUse() == null ? null : SPECIAL_LABELS.get(f.specialUse());
            out.add(new Folder(f.name(), label, label == null, s.messages(), s.unseen()));
        }
        // INBOX first, then the special folders, then the holder's own by name
        out.sort((a, b) -> rank(a) != rank(b) ? Integer.compare(rank(a), rank(b)) : a.name().compareTo(b.name()));
        return out;
    }

    private static int rank(Folder f) {
        return f.name().equalsIgnoreCase(INBOX) ? 0 : f.own() ? 2 : 1;
    }

    /** The folder with this special use (e.g. {@code \Trash}), if the mailbox has one. */
    public Optional<String> specialFolder(String address, String specialUse) throws MailAccessException {
        return access.folders(address).stream().filter(f -> specialUse.equalsIgnoreCase(f.specialUse()))
                .map(FolderInfo::name).findFirst();
    }

    public Page page(String address, String folder, MessageQuery query) throws NotFound {
        List<MessageListing> rows;
        try {
            // one more than asked: tells whether an older page follows
            MessageQuery probe = new MessageQuery(query.sender(), query.subject(), query.since(), query.until(),
                    query.kinds(), query.ordinary(), query.riferimento(), query.beforeUid(), query.limit() + 1);
            rows = access.page(address, folder, probe);
        } catch (MailAccessException e) {
            throw new NotFound(folder);
        }
        boolean more = rows.size() > query.limit();
        if (more) {
            rows = rows.subList(0, query.limit());
        }
        Map<Long, byte[]> prefixes = prefixes(rows);
        List<Row> out = new ArrayList<>(rows.size());
        for (MessageListing m : rows) {
            byte[] prefix = prefixes.get(m.blobId());
            // a PEC envelope comes from the provider "per conto di" the sender: the list shows the sender
            String onBehalfOf = prefix == null ? null : OnBehalfOf.sender(prefix);
            out.add(new Row(m.uid(), onBehalfOf != null ? onBehalfOf : m.fromAddress(), m.subject(), m.internalDate(), m.size(),
                    prefix != null && AttachmentMark.hasAttachment(prefix), PecBadge.of(m.pecKind()).key(),
                    m.hasFlag(SEEN), m.hasFlag(FLAGGED)));
        }
        return new Page(out, more);
    }

    private Map<Long, byte[]> prefixes(List<MessageListing> rows) {
        try {
            return access.prefixes(rows.stream().map(MessageListing::blobId).distinct().toList(),
                    AttachmentMark.PREFIX_BYTES);
        } catch (RuntimeException e) {
            return Map.of(); // the mark is a hint: the list still shows
        }
    }

    private MessageMeta meta(String address, String folder, long uid) throws NotFound {
        try {
            List<MessageMeta> found = access.messages(address, folder, new long[] {uid});
            if (found.isEmpty()) {
                throw new NotFound(folder + "/" + uid);
            }
            return found.get(0);
        } catch (MailAccessException e) {
            throw new NotFound(folder);
        }
    }

    /** Opens a message (and marks it read, as mail clients do). */
    public Message open(String address, String folder, long uid, boolean remoteAllowed) throws NotFound {
        MessageMeta meta = meta(address, folder, uid);
        MessageListing listing = listing(address, folder, uid);
        if (!meta.hasFlag(SEEN)) {
            flag(address, folder, List.of(uid), SEEN, true);
        }
        try (Spool spool = copy(meta.blobId()); SpooledMimeMessage mime = new SpooledMimeMessage(SESSION, spool)) {
            PecVerdict verdict = verification.verify(spool);
            MessageParts.Reading reading = MessageParts.read(mime, MAX_TEXT_CHARS);
            int blocked = 0;
            if (reading.html()) {
                blocked = sanitizedBody(mime, reading, remoteAllowed).blockedRemote();
            }
            PecBadge badge = PecBadge.of(listing == null ? null : listing.pecKind());
            String reference = badge.isReceipt() && listing != null ? listing.riferimentoMessageId() : null;
            Optional<Located> certified = reference == null ? Optional.empty() : locate(address, reference);
            MessageParts.Headers h = reading.headers();
            return new Message(folder, uid, badge.key(), badge.isReceipt(), true, meta.hasFlag(FLAGGED),
                    h.subject() != null ? h.subject() : listing == null ? null : listing.subject(),
                    h.from(), h.to(), h.cc(), h.date() == null ? meta.internalDate() : h.date().toInstant(),
                    meta.size(), reading.original(), reading.bodyPath() != null, reading.html(), reading.text(),
                    reading.truncated(), blocked,
                    reading.attachments().stream().map(a -> new Attachment(a.path(), a.fileName(), a.contentType(),
                            a.size())).toList(),
                    signature(verdict), verdict.certification().map(d -> certification(DaticertSummary.of(d,
                            WebFormats.ROME))).orElse(null),
                    reference, certified.map(Located::folder).orElse(null), certified.map(Located::uid).orElse(0L));
        } catch (MessagingException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot read message " + folder + "/" + uid, e));
        }
    }

    private MessageListing listing(String address, String folder, long uid) {
        try {
            List<MessageListing> one = access.page(address, folder, MessageQuery.firstPage(1).after(uid + 1));
            return one.isEmpty() || one.get(0).uid() != uid ? null : one.get(0);
        } catch (MailAccessException e) {
            return null;
        }
    }

    private record Located(String folder, long uid) {
    }

    /**
     * The message a receipt certifies: the one with Message-ID {@code reference}, looked for in Sent first, then in
     * the other folders.
     */
    private Optional<Located> locate(String address, String reference) {
        try {
            List<FolderInfo> folders = new ArrayList<>(access.folders(address));
            folders.sort((a, b) -> Boolean.compare(!"\\Sent".equals(a.specialUse()), !"\\Sent".equals(b.specialUse())));
            MessageQuery byReference = new MessageQuery(null, null, null, null, List.of(), false, reference, 0, 20);
            for (FolderInfo f : folders) {
                for (MessageListing m : access.page(address, f.name(), byReference)) {
                    if (reference.equals(m.messageId())) {
                        return Optional.of(new Located(f.name(), m.uid()));
                    }
                }
            }
        } catch (MailAccessException e) {
            // a folder renamed meanwhile: the search link remains
        }
        return Optional.empty();
    }

    private static Signature signature(PecVerdict v) {
        SignatureCheck s = v.signature();
        String signer = s.signerAddress() != null ? s.signerAddress()
                : s.signer() != null ? s.signer().getSubjectX500Principal().getName() : null;
        return new Signature(s.signed(), s.valid(), v.fromProvider(), signer,
                v.provider().map(ProviderRecord::name).orElse(null), s.signingTime());
    }

    private static Certification certification(DaticertSummary d) {
        return new Certification(d.typeKey(), d.sender(), d.recipients().stream()
                .map(r -> new Recipient(r.address(), r.typeKey())).toList(), d.time().toInstant(), d.identifier(),
                d.subject(), d.issuer(), d.delivery(), d.errorKey(), d.extendedError());
    }

    private static HtmlSanitizer.Sanitized sanitizedBody(SpooledMimeMessage mime, MessageParts.Reading reading,
            boolean remoteAllowed) throws MessagingException, IOException {
        Part body = MessageParts.part(mime, reading.bodyPath()).orElseThrow();
        StringBuilder html = new StringBuilder();
        MessageParts.readText(body, MAX_HTML_CHARS, html);
        return new HtmlSanitizer().sanitize(html.toString(), remoteAllowed);
    }

    /** The cleaned HTML body of a message, for the sandboxed frame; empty when it has no HTML body. */
    public Optional<HtmlSanitizer.Sanitized> htmlBody(String address, String folder, long uid, boolean remoteAllowed)
            throws NotFound {
        MessageMeta meta = meta(address, folder, uid);
        try (Spool spool = copy(meta.blobId()); SpooledMimeMessage mime = new SpooledMimeMessage(SESSION, spool)) {
            MessageParts.Reading reading = MessageParts.read(mime, 1);
            return reading.html() ? Optional.of(sanitizedBody(mime, reading, remoteAllowed)) : Optional.empty();
        } catch (MessagingException | IOException e) {
            throw new UncheckedIOException(new IOException("cannot read message " + folder + "/" + uid, e));
        }
    }

    /** Receives a part's decoded bytes as a stream (valid only during the call). */
    @FunctionalInterface
    public interface PartSink {
        void accept(String fileName, String contentType, InputStream decoded) throws IOException;
    }

    /** Streams one part of the shown message (an attachment) to {@code sink}; false when there is no such part. */
    public boolean part(String address, String folder, long uid, String path, PartSink sink) throws NotFound,
            IOException {
        MessageMeta meta = meta(address, folder, uid);
        try (Spool spool = copy(meta.blobId()); SpooledMimeMessage mime = new SpooledMimeMessage(SESSION, spool)) {
            Optional<Part> part = path == null || path.isEmpty() ? Optional.empty() : MessageParts.part(mime, path);
            if (part.isEmpty()) {
                return false;
            }
            String name = MessageParts.fileName(part.get());
            try (InputStream in = part.get().getInputStream()) {
                sink.accept(name, MessageParts.baseType(part.get()), in);
            }
            return true;
        } catch (MessagingException e) {
            throw new IOException("cannot read part " + path + " of " + folder + "/" + uid, e);
        }
    }

    /** The exact stored bytes of a message, as a stream the caller closes, and its size. */
    public record Raw(InputStream bytes, long size) {
    }

    public Raw raw(String address, String folder, long uid) throws NotFound {
        MessageMeta meta = meta(address, folder, uid);
        return new Raw(access.open(meta.blobId()), meta.size());
    }

    private Spool copy(long blobId) throws IOException {
        try (InputStream in = access.open(blobId)) {
            return Spool.copyOf(in);
        }
    }

    public void flag(String address, String folder, Collection<Long> uids, String flag, boolean set)
            throws NotFound {
        try {
            access.updateFlags(address, folder, uids, set ? FlagOperation.ADD : FlagOperation.REMOVE, Set.of(flag),
                    -1);
        } catch (MailAccessException e) {
            throw new NotFound(folder);
        }
    }

    public void move(String address, String folder, Collection<Long> uids, String to) throws MailAccessException {
        if (!to.equals(folder)) {
            access.copy(address, folder, uids, to, true);
        }
    }

    /** Deletion as mail clients do it: to Trash, and from Trash for good (flag {@code \Deleted}, then expunge). */
    public void delete(String address, String folder, Collection<Long> uids) throws MailAccessException {
        Optional<String> trash = specialFolder(address, "\\Trash");
        if (trash.isEmpty() || trash.get().equals(folder)) {
            access.updateFlags(address, folder, uids, FlagOperation.ADD, Set.of(DELETED), -1);
            access.expunge(address, folder, uids);
        } else {
            access.copy(address, folder, uids, trash.get(), true);
        }
    }

    public void createFolder(String address, String name) throws MailAccessException {
        access.createFolder(address, name);
        access.subscribe(address, name, true);
    }

    public void renameFolder(String address, String from, String to) throws MailAccessException {
        ownFolder(address, from);
        access.renameFolder(address, from, to);
    }

    public void deleteFolder(String address, String name) throws MailAccessException {
        ownFolder(address, name);
        access.deleteFolder(address, name);
    }

    /** Only the holder's own folders may be renamed or deleted (never INBOX nor a special one). */
    private void ownFolder(String address, String name) throws MailAccessException {
        boolean own = access.folders(address).stream().anyMatch(f -> f.name().equals(name) && f.specialUse() == null
                && !f.name().equalsIgnoreCase(INBOX));
        if (!own) {
            throw new MailAccessException(MailAccessException.Reason.CANNOT, "not an own folder: " + name);
        }
    }

    /** The stored kind names a search by badge key looks for. */
    static List<String> kindNames(String badgeKey) {
        PecBadge b = PecBadge.byKey(badgeKey);
        return b == null ? List.of() : b.kindNames();
    }

    static boolean isOrdinary(String badgeKey) {
        return PecBadge.ORDINARY == PecBadge.byKey(badgeKey);
    }
}
