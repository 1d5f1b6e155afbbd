package it.certmail.pec.web.mail.send;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Instance;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.transport.domain.AddressList;
import it.certmail.pec.transport.domain.OutgoingMail;
import it.certmail.pec.transport.domain.ReplyDraft;
import it.certmail.pec.mailbox.service.MailboxUsersService;
import it.certmail.pec.transport.service.WebmailSendingService;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.SizeText;

/**
 * Scrivi: To and Cc (no Bcc: a PEC may not have hidden recipients, so there is no field and nothing else of the post
 * becomes a recipient), subject, text, attachments (the container writes an upload to disk, we move it into this
 * view's temporary directory; nothing is held whole in memory) and the receipt form. Opens a draft
 * ({@code ?draft=<uid>}) or prefills a reply / forward ({@code ?folder=&uid=&mode=reply|all|forward}) from the
 * current mailbox only. Sending is once per rendered form (one-time token).
 */
@Named("compose")
@ViewScoped
public class ComposeBean implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ComposeBean.class.getName());
    static final int SUGGESTIONS = 200;
    static final String FORM = "composeForm:";
    /** {@code max-file-size} of the Faces servlet's multipart configuration in {@code web.xml}. */
    static final long CONTAINER_UPLOAD_LIMIT = 64L * 1024 * 1024;

    /** One attachment kept in this view's temporary directory (a path, so that the view stays serializable). */
    public record AttachedFile(String fileName, String contentType, String path, long size) implements Serializable {
    }

    @Inject
    HolderSession holder;

    @Inject
    SendingSession session;

    @Inject
    WebmailSendingService sending;

    @Inject
    MailboxUsersService users;

    @Inject
    Instance<AddressSuggestionSource> suggestionSources;

    // the URL's parameters
    private String folder;
    private Long uid;
    private String mode;
    private Long draft;

    // the form
    private String to;
    private String cc;
    private String subject;
    private String text;
    private String receiptForm = ReceiptForm.COMPLETE.code();
    private transient List<Part> files;
    private final List<AttachedFile> attachments = new ArrayList<>();
    private String formToken;

    // what the form continues
    private String mailbox;
    private Long draftUid;
    private String inReplyTo;
    private List<String> references = List.of();
    private String directory;
    private List<String> suggestions;
    private Long uploadLimit;

    /** Before the first render: the token, and a draft, reply or forward to start from. */
    public void load() {
        mailbox = holder.getCurrent();
        formToken = session.tokens().issue();
        try {
            if (draft != null) {
                openDraft(draft);
            } else if (uid != null && folder != null) {
                ReplyDraft.Mode m = ReplyDraft.Mode.of(mode);
                if (m == null) {
                    PageMessages.error(null, "mail.compose.notFound");
                } else {
                    prefill(m);
                }
            }
        } catch (IOException | MessagingException e) {
            LOG.log(Level.WARNING, "cannot open the message to start from", e);
            PageMessages.error(null, "mail.compose.notFound");
        }
    }

    private void openDraft(long draftNumber) throws IOException, MessagingException {
        Optional<OutgoingMail> found = sending.openDraft(mailbox, draftNumber, directory());
        if (found.isEmpty()) {
            PageMessages.error(null, "mail.compose.notFound");
            return;
        }
        OutgoingMail d = found.get();
        to = String.join(", ", d.to());
        cc = String.join(", ", d.cc());
        subject = d.subject();
        text = d.text();
        receiptForm = d.receiptForm().code();
        inReplyTo = d.inReplyTo();
        references = d.references();
        d.attachments().forEach(a -> attachments.add(new AttachedFile(a.fileName(), a.contentType(),
                a.file().toString(), a.size())));
        draftUid = draftNumber;
    }

    private void prefill(ReplyDraft.Mode m) throws IOException, MessagingException {
        Optional<ReplyDraft.Original> original = sending.original(mailbox, folder, uid);
        if (original.isEmpty()) {
            PageMessages.error(null, "mail.compose.notFound");
            return;
        }
        ReplyDraft.Prefill p = ReplyDraft.prefill(original.get(), m, mailbox);
        to = String.join(", ", p.to());
        cc = String.join(", ", p.cc());
        subject = p.subject();
        text = p.text();
        inReplyTo = p.inReplyTo();
        references = p.references();
        if (m == ReplyDraft.Mode.FORWARD) {
            Path file = Files.createTempFile(directory(), "forward-", ".eml");
            if (sending.copyOriginal(mailbox, folder, uid, file)) {
                attachments.add(new AttachedFile(fileNameFor(ReplyDraft.plainSubject(original.get().subject())),
                        "message/rfc822", file.toString(), Files.size(file)));
            }
        }
    }

    /** Keeps the chosen files (the button "Attach"); the form's other fields stay as typed. */
    public void attach() {
        if (sameMailbox()) {
            absorbFiles();
            checkSize();
        }
    }

    public void remove(AttachedFile file) {
        if (attachments.remove(file)) {
            deleteQuietly(Path.of(file.path()));
        }
    }

    public String saveDraft() {
        if (!sameMailbox()) {
            return null;
        }
        absorbFiles();
        AddressList toList = AddressList.parse(to);
        AddressList ccList = AddressList.parse(cc);
        if (!addressesValid(toList, ccList, false)) {
            return null;
        }
        try {
            draftUid = sending.saveDraft(mail(toList, ccList), draftUid);
            PageMessages.info("mail.compose.draftSaved");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        } catch (IOException | MessagingException e) {
            LOG.log(Level.WARNING, "cannot save a draft", e);
            PageMessages.error(null, "mail.compose.failed");
        }
        return null;
    }

    public String send() {
        // the token first: a second post of a form already sent (double click, reload) goes no further, whatever
        // became of this view in between
        if (!session.tokens().redeem(formToken)) {
            PageMessages.error(null, "mail.compose.alreadySent");
            return null;
        }
        if (!sameMailbox()) {
            session.tokens().giveBack(formToken);
            return null;
        }
        absorbFiles();
        AddressList toList = AddressList.parse(to);
        AddressList ccList = AddressList.parse(cc);
        if (!addressesValid(toList, ccList, true) || !checkSize()) {
            // refused before anything was done: the same form may be corrected and sent
            session.tokens().giveBack(formToken);
            return null;
        }
        OutgoingMail mail = mail(toList, ccList);
        try {
            WebmailSendingService.SendOutcome outcome = sending.send(mail, clientAddress(), "webmail:" + mailbox);
            if (!outcome.accepted()) {
                // the avviso di non accettazione is in the INBOX; the form keeps everything for a corrected try
                formToken = session.tokens().issue();
                PageMessages.error(null, "mail.compose.notAccepted", outcome.refusal());
                return null;
            }
            recordSender(outcome.pecMsgid(), mail.recipients());
            if (draftUid != null) {
                sending.discardDraft(mailbox, draftUid);
            }
            PageMessages.info(outcome.sentUid() == null ? "mail.compose.acceptedNoCopy" : "mail.compose.accepted",
                    outcome.pecMsgid());
            PageMessages.keepForRedirect();
            cleanUp();
            return "/my/mail/sent?faces-redirect=true";
        } catch (IOException | MessagingException | RuntimeException e) {
            LOG.log(Level.WARNING, "a webmail submission failed", e);
            session.tokens().giveBack(formToken);
            PageMessages.error(null, "mail.compose.failed");
            return null;
        }
    }

    /** The trail of who sent what (the holder or an additional user), shown to the holder on the settings page. */
    private void recordSender(String messageId, List<String> recipients) {
        try {
            users.recordSend(mailbox, holder.getActor(), messageId, recipients);
        } catch (MailboxException | RuntimeException e) {
            // the message is sent already: saying it failed would only invite sending it twice
            LOG.log(Level.SEVERE, "the webmail sent " + messageId + " as " + holder.getActor()
                    + " but could not record it in the trail", e);
        }
    }

    private OutgoingMail mail(AddressList toList, AddressList ccList) {
        return new OutgoingMail(mailbox, toList.addresses(), ccList.addresses(), subject, text,
                ReceiptForm.fromCode(receiptForm).orElse(ReceiptForm.COMPLETE), inReplyTo, references,
                attachments.stream().map(a -> new OutgoingMail.Attachment(a.fileName(), a.contentType(),
                        Path.of(a.path()), a.size())).toList());
    }

    /** The page was rendered for the mailbox then current; a switch since (another tab) must not send as another. */
    private boolean sameMailbox() {
        if (mailbox == null || !mailbox.equals(holder.getCurrent())) {
            PageMessages.error(null, "mail.compose.switched");
            return false;
        }
        return true;
    }

    private boolean addressesValid(AddressList toList, AddressList ccList, boolean sending) {
        boolean ok = true;
        if (!toList.isValid()) {
            PageMessages.error(FORM + "to", "mail.compose.invalidAddresses", String.join(", ", toList.invalid()));
            ok = false;
        } else if (sending && toList.addresses().isEmpty()) {
            PageMessages.error(FORM + "to", "mail.compose.toRequired");
            ok = false;
        }
        if (!ccList.isValid()) {
            PageMessages.error(FORM + "cc", "mail.compose.invalidAddresses", String.join(", ", ccList.invalid()));
            ok = false;
        }
        if (ok) {
            // shown again as understood: bare addresses, one separator
            to = toList.text();
            cc = ccList.text();
        }
        return ok;
    }

    /** The provider's limits (size per message, size x recipients) and the mailbox's free space. */
    private boolean checkSize() {
        WebmailSendingService.Limits limits = sending.limits(mailbox);
        OutgoingMail mail = mail(AddressList.parse(to), AddressList.parse(cc));
        long size = mail.estimatedMimeBytes();
        int recipients = Math.max(1, mail.recipients().size());
        java.util.Locale locale = FacesContext.getCurrentInstance().getViewRoot().getLocale();
        if (size > limits.absoluteMaxBytes()) {
            PageMessages.error(FORM + "files", "mail.compose.tooLarge", SizeText.of(size, locale),
                    SizeText.of(limits.absoluteMaxBytes(), locale));
            return false;
        }
        if (size * recipients > limits.maxTotalBytes()) {
            PageMessages.error(FORM + "files", "mail.compose.tooLargeForRecipients", SizeText.of(size, locale),
                    recipients, SizeText.of(limits.maxTotalBytes(), locale));
            return false;
        }
        if (size > limits.freeBytes()) {
            PageMessages.error(FORM + "files", "mail.compose.noRoom", SizeText.of(limits.freeBytes(), locale));
            return false;
        }
        return true;
    }

    /** Moves the uploaded parts (already on the container's disk) into this view's directory. */
    private void absorbFiles() {
        if (files == null) {
            return;
        }
        for (Part part : files) {
            if (part == null || part.getSize() == 0 || part.getSubmittedFileName() == null
                    || part.getSubmittedFileName().isBlank()) {
                continue;
            }
            try {
                Path file = Files.createTempFile(directory(), "upload-", ".part");
                try (InputStream in = part.getInputStream()) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
                attachments.add(new AttachedFile(baseName(part.getSubmittedFileName()), part.getContentType(),
                        file.toString(), Files.size(file)));
                part.delete();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot keep an uploaded attachment", e);
                PageMessages.error(FORM + "files", "mail.compose.uploadFailed", part.getSubmittedFileName());
            }
        }
        files = null;
    }

    private Path directory() throws IOException {
        if (directory == null || !Files.isDirectory(Path.of(directory))) {
            directory = Files.createTempDirectory("pec-webmail-").toString();
        }
        return Path.of(directory);
    }

    @PreDestroy
    void cleanUp() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(Path.of(directory))) {
            paths.sorted(Comparator.reverseOrder()).forEach(ComposeBean::deleteQuietly);
        } catch (IOException e) {
            LOG.log(Level.FINE, "temporary directory already gone", e);
        }
        attachments.clear();
        directory = null;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot delete " + p, e);
        }
    }

    private static InetAddress clientAddress() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        return InetAddress.getByName(((HttpServletRequest) external.getRequest()).getRemoteAddr());
    }

    /** Browsers may send a path (old Edge): only the last name is kept. */
    static String baseName(String submitted) {
        String name = submitted.replace('\\', '/');
        return name.substring(name.lastIndexOf('/') + 1);
    }

    static String fileNameFor(String subject) {
        String cleaned = subject.replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
        return (cleaned.isEmpty() ? "messaggio" : cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned) + ".eml";
    }

    /** The addresses offered while typing, from every source, each once. */
    public List<String> getSuggestions() {
        if (suggestions == null) {
            Set<String> merged = new LinkedHashSet<>();
            for (AddressSuggestionSource source : suggestionSources) {
                merged.addAll(source.addresses(holder.getCurrent(), SUGGESTIONS));
            }
            suggestions = new ArrayList<>(merged);
        }
        return suggestions;
    }

    /**
     * The most one post may upload: the container's multipart limit ({@code max-file-size} in {@code web.xml}),
     * or less when the access point takes less per message.
     */
    public long getUploadLimit() {
        if (uploadLimit == null) {
            uploadLimit = Math.min(CONTAINER_UPLOAD_LIMIT, sending.limits(holder.getCurrent()).absoluteMaxBytes());
        }
        return uploadLimit;
    }

    public String getUploadLimitText() {
        return PageMessages.text("mail.compose.uploadLimit", size(getUploadLimit()));
    }

    public List<ReceiptForm> getReceiptForms() {
        return List.of(ReceiptForm.values());
    }

    public String size(long bytes) {
        return SizeText.of(bytes, FacesContext.getCurrentInstance().getViewRoot().getLocale());
    }

    public List<AttachedFile> getAttachments() { return attachments; }
    public String getFolder() { return folder; }
    public void setFolder(String folder) { this.folder = folder; }
    public Long getUid() { return uid; }
    public void setUid(Long uid) { this.uid = uid; }
    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public Long getDraft() { return draft; }
    public void setDraft(Long draft) { this.draft = draft; }
    public String getTo() { return to; }
    public void setTo(String to) { this.to = to; }
    public String getCc() { return cc; }
    public void setCc(String cc) { this.cc = cc; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getText() { return text; }
    public void setText(String text) { this.text = text; }
    public String getReceiptForm() { return receiptForm; }
    public void setReceiptForm(String receiptForm) { this.receiptForm = receiptForm; }
    public List<Part> getFiles() { return files; }
    public void setFiles(List<Part> files) { this.files = files; }
    public String getFormToken() { return formToken; }
    public void setFormToken(String formToken) { this.formToken = formToken; }
    public Long getDraftUid() { return draftUid; }
    public String getMailbox() { return mailbox; }
}
