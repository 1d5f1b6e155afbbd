package it.certmail.pec.web.mail.read;

import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.mail.read.MailViews.Folder;
import it.certmail.pec.web.mail.read.MailViews.Message;
import it.certmail.pec.web.shared.PageMessages;

/**
 * Un messaggio ({@code /my/mail/message.xhtml?folder=…&uid=…}): the original of a PEC envelope with its body and
 * attachments, the daticert in words, the signature verdict, the link from a receipt to the message it certifies,
 * and the actions (unread, flag, move, delete; reply and forward open the compose page). Opening marks it read.
 * A folder or UID that is not the current mailbox's answers 404.
 */
@Named("mailMessage")
@ViewScoped
public class MailMessageBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    MailReading reading;

    @Inject
    HolderSession holder;

    private String folder;
    private long uid;
    private boolean remote;
    private Message message;
    private List<Folder> folders;
    private String moveTo;

    public void load() throws IOException {
        if (folder == null || uid <= 0 || !reload()) {
            FacesContext.getCurrentInstance().getExternalContext().responseSendError(
                    HttpServletResponse.SC_NOT_FOUND, "");
            FacesContext.getCurrentInstance().responseComplete();
        }
    }

    private boolean reload() {
        try {
            message = reading.open(holder.getCurrent(), folder, uid, remote);
            folders = reading.folders(holder.getCurrent());
            return true;
        } catch (MailReading.NotFound | MailAccessException e) {
            return false;
        }
    }

    public void markUnread() {
        setFlag(MailReading.SEEN, false);
    }

    public void toggleFlag() {
        setFlag(MailReading.FLAGGED, !message.flagged());
    }

    private void setFlag(String flag, boolean set) {
        try {
            reading.flag(holder.getCurrent(), folder, List.of(uid), flag, set);
            message = withFlags(flag, set);
            PageMessages.info(flag.equals(MailReading.SEEN) ? "mail.message.markedUnread"
                    : set ? "mail.message.flagged" : "mail.message.unflagged");
        } catch (MailReading.NotFound e) {
            PageMessages.error(null, "mail.error.notFound");
        }
    }

    /** The shown message with the flag changed, without opening it again (which would mark it read). */
    private Message withFlags(String flag, boolean set) {
        Message m = message;
        boolean seen = flag.equals(MailReading.SEEN) ? set : m.seen();
        boolean flagged = flag.equals(MailReading.FLAGGED) ? set : m.flagged();
        return new Message(m.folder(), m.uid(), m.badge(), m.receipt(), seen, flagged, m.subject(), m.from(), m.to(),
                m.cc(), m.date(), m.size(), m.original(), m.hasBody(), m.html(), m.text(), m.truncated(),
                m.blockedRemote(), m.attachments(), m.signature(), m.certification(), m.reference(),
                m.referenceFolder(), m.referenceUid());
    }

    public String move() {
        if (moveTo == null || moveTo.isBlank() || moveTo.equals(folder)) {
            PageMessages.error("actionsForm:moveTo", "mail.bulk.noTarget");
            return null;
        }
        try {
            reading.move(holder.getCurrent(), folder, List.of(uid), moveTo);
        } catch (MailAccessException e) {
            PageMessages.error("actionsForm:moveTo", "mail.error.cannot", e.getMessage());
            return null;
        }
        PageMessages.info("mail.bulk.moved", 1, moveTo);
        PageMessages.keepForRedirect();
        return backToFolder();
    }

    public String delete() {
        try {
            reading.delete(holder.getCurrent(), folder, List.of(uid));
        } catch (MailAccessException e) {
            PageMessages.error(null, "mail.error.cannot", e.getMessage());
            return null;
        }
        PageMessages.info("mail.bulk.deleted", 1);
        PageMessages.keepForRedirect();
        return backToFolder();
    }

    private String backToFolder() {
        return "/my/mail/index?faces-redirect=true&folder=" + URLEncoder.encode(folder, StandardCharsets.UTF_8);
    }

    /** Query string naming this message, for the frame, downloads and compose links. */
    public String getQuery() {
        return "folder=" + URLEncoder.encode(folder, StandardCharsets.UTF_8) + "&uid=" + uid;
    }

    public List<Folder> getMoveTargets() {
        return folders == null ? List.of() : folders.stream().filter(f -> !f.name().equals(folder)).toList();
    }

    public String getToText() {
        return message == null ? "" : String.join(", ", message.to());
    }

    public String getCcText() {
        return message == null ? "" : String.join(", ", message.cc());
    }

    public Message getMessage() {
        return message;
    }

    public String getFolder() {
        return folder;
    }

    public void setFolder(String folder) {
        this.folder = folder;
    }

    public long getUid() {
        return uid;
    }

    public void setUid(long uid) {
        this.uid = uid;
    }

    public boolean isRemote() {
        return remote;
    }

    public void setRemote(boolean remote) {
        this.remote = remote;
    }

    public String getMoveTo() {
        return moveTo;
    }

    public void setMoveTo(String moveTo) {
        this.moveTo = moveTo;
    }
}
