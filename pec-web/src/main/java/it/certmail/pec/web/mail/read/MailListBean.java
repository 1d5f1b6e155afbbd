package it.certmail.pec.web.mail.read;

import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletResponse;

import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MessageQuery;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.mail.read.MailViews.Folder;
import it.certmail.pec.web.mail.read.MailViews.Row;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.WebFormats;
import it.certmail.pec.webmail.domain.PecBadge;

/**
 * Cartelle e elenco messaggi ({@code /my/mail/index.xhtml}): the folders with unread counts, one page of a folder
 * newest first (keyset: {@code before} is the last UID shown), the search (a GET form, so a search is a link),
 * bulk actions on the selected rows, and the holder's own folders (create, rename, delete). A folder that is not
 * the current mailbox's answers 404.
 */
@Named("mailList")
@ViewScoped
public class MailListBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 50;

    @Inject
    MailReading reading;

    @Inject
    HolderSession holder;

    // GET parameters
    private String folder;
    private long before;
    private String sender;
    private String subject;
    private String from;
    private String to;
    private String kind;
    private String ref;

    private List<Folder> folders;
    private MailViews.Page page;
    private final Map<Long, Boolean> selected = new HashMap<>();
    private String moveTo;
    private String newFolder;
    private String renameTo;
    private boolean confirmDelete;
    /**
     * Server time of the last list read, in ms; sent with the folders' read (their counts) as Server-Timing, which
     * the benchmark reads.
     */
    private double listMillis;

    public void load() throws IOException {
        if (folder == null || folder.isBlank()) {
            folder = MailReading.INBOX;
        }
        if (!refresh()) {
            FacesContext.getCurrentInstance().getExternalContext().responseSendError(
                    HttpServletResponse.SC_NOT_FOUND, "");
            FacesContext.getCurrentInstance().responseComplete();
        }
    }

    /** Reads the folders and the page again; false when the folder is not the current mailbox's. */
    private boolean refresh() {
        String address = holder.getCurrent();
        long foldersStart = System.nanoTime();
        try {
            folders = reading.folders(address);
        } catch (MailAccessException e) {
            return false;
        }
        double foldersMillis = (System.nanoTime() - foldersStart) / 1e6;
        if (folders.stream().noneMatch(f -> f.name().equals(folder))) {
            return false;
        }
        MessageQuery query;
        try {
            query = query();
        } catch (DateTimeParseException e) {
            PageMessages.error("searchForm", "mail.search.badDate");
            query = MessageQuery.firstPage(PAGE_SIZE);
        }
        try {
            long start = System.nanoTime();
            page = reading.page(address, folder, query);
            listMillis = (System.nanoTime() - start) / 1e6;
            Object response = FacesContext.getCurrentInstance().getExternalContext().getResponse();
            if (response instanceof HttpServletResponse http) {
                http.setHeader("Server-Timing", String.format(Locale.ROOT, "list;dur=%.1f, folders;dur=%.1f",
                        listMillis, foldersMillis));
            }
        } catch (MailReading.NotFound e) {
            return false;
        }
        selected.clear();
        return true;
    }

    private MessageQuery query() {
        List<String> kinds = kind == null ? List.of() : MailReading.kindNames(kind);
        return new MessageQuery(sender, subject, day(from, 0), day(to, 1), kinds, MailReading.isOrdinary(kind), ref,
                before, PAGE_SIZE);
    }

    /** A yyyy-MM-dd day's start in Rome, plus {@code days}. */
    private static java.time.Instant day(String value, int days) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return LocalDate.parse(value.strip()).plusDays(days).atStartOfDay(WebFormats.ROME).toInstant();
    }

    public boolean isSearching() {
        return notBlank(sender) || notBlank(subject) || notBlank(from) || notBlank(to) || notBlank(kind)
                || notBlank(ref);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private List<Long> chosen() {
        List<Long> uids = new ArrayList<>();
        selected.forEach((uid, on) -> {
            if (Boolean.TRUE.equals(on)) {
                uids.add(uid);
            }
        });
        return uids;
    }

    public void markRead() {
        flag(MailReading.SEEN, true);
    }

    public void markUnread() {
        flag(MailReading.SEEN, false);
    }

    public void markFlagged() {
        flag(MailReading.FLAGGED, true);
    }

    public void markUnflagged() {
        flag(MailReading.FLAGGED, false);
    }

    private void flag(String flag, boolean set) {
        List<Long> uids = chosen();
        if (uids.isEmpty()) {
            PageMessages.error("bulkForm", "mail.bulk.noneSelected");
            return;
        }
        try {
            reading.flag(holder.getCurrent(), folder, uids, flag, set);
            PageMessages.info("mail.bulk.done", uids.size());
        } catch (MailReading.NotFound e) {
            PageMessages.error("bulkForm", "mail.error.notFound");
        }
        refresh();
    }

    public void move() {
        List<Long> uids = chosen();
        if (uids.isEmpty() || moveTo == null || moveTo.isBlank()) {
            PageMessages.error("bulkForm", uids.isEmpty() ? "mail.bulk.noneSelected" : "mail.bulk.noTarget");
            return;
        }
        try {
            reading.move(holder.getCurrent(), folder, uids, moveTo);
            PageMessages.info("mail.bulk.moved", uids.size(), moveTo);
        } catch (MailAccessException e) {
            PageMessages.error("bulkForm", "mail.error.cannot", e.getMessage());
        }
        refresh();
    }

    public void delete() {
        List<Long> uids = chosen();
        if (uids.isEmpty()) {
            PageMessages.error("bulkForm", "mail.bulk.noneSelected");
            return;
        }
        try {
            reading.delete(holder.getCurrent(), folder, uids);
            PageMessages.info("mail.bulk.deleted", uids.size());
        } catch (MailAccessException e) {
            PageMessages.error("bulkForm", "mail.error.cannot", e.getMessage());
        }
        refresh();
    }

    public String createFolder() {
        String name = newFolder == null ? "" : newFolder.strip();
        if (!validFolderName(name)) {
            PageMessages.error("folderForm:newFolder", "mail.folder.badName");
            return null;
        }
        try {
            reading.createFolder(holder.getCurrent(), name);
        } catch (MailAccessException e) {
            PageMessages.error("folderForm:newFolder", e.reason() == MailAccessException.Reason.ALREADYEXISTS
                    ? "mail.folder.exists" : "mail.error.cannot", e.getMessage());
            return null;
        }
        PageMessages.info("mail.folder.created", name);
        PageMessages.keepForRedirect();
        return redirect(name);
    }

    public String renameFolder() {
        String name = renameTo == null ? "" : renameTo.strip();
        if (!validFolderName(name)) {
            PageMessages.error("ownFolderForm:renameTo", "mail.folder.badName");
            return null;
        }
        try {
            reading.renameFolder(holder.getCurrent(), folder, name);
        } catch (MailAccessException e) {
            PageMessages.error("ownFolderForm:renameTo", e.reason() == MailAccessException.Reason.ALREADYEXISTS
                    ? "mail.folder.exists" : "mail.error.cannot", e.getMessage());
            return null;
        }
        PageMessages.info("mail.folder.renamed", name);
        PageMessages.keepForRedirect();
        return redirect(name);
    }

    public String deleteFolder() {
        if (!confirmDelete) {
            PageMessages.error("ownFolderForm:confirmDelete", "mail.folder.confirmFirst");
            return null;
        }
        try {
            reading.deleteFolder(holder.getCurrent(), folder);
        } catch (MailAccessException e) {
            PageMessages.error("ownFolderForm", "mail.error.cannot", e.getMessage());
            return null;
        }
        PageMessages.info("mail.folder.deleted", folder);
        PageMessages.keepForRedirect();
        return redirect(MailReading.INBOX);
    }

    /** A folder name the holder may choose: not empty, no hierarchy separator or IMAP wildcards, not INBOX. */
    static boolean validFolderName(String name) {
        return !name.isEmpty() && name.length() <= 100 && name.chars().noneMatch(c -> c == '/' || c == '%'
                || c == '*' || c == '"' || c == '\\' || Character.isISOControl(c))
                && !name.equalsIgnoreCase(MailReading.INBOX);
    }

    private static String redirect(String folderName) {
        return "/my/mail/index?faces-redirect=true&folder="
                + java.net.URLEncoder.encode(folderName, java.nio.charset.StandardCharsets.UTF_8);
    }

    public Folder getCurrentFolder() {
        return folders == null ? null : folders.stream().filter(f -> f.name().equals(folder)).findFirst()
                .orElse(null);
    }

    /** The bundle key of the folder's name (INBOX, Sent...), null for the holder's own folders. */
    public String getHeadingKey() {
        Folder f = getCurrentFolder();
        return f == null ? null : f.labelKey();
    }

    /** Whether the folder shown is one of the holder's own (may be renamed or deleted). */
    public boolean isOwnFolder() {
        Folder f = getCurrentFolder();
        return f != null && f.own();
    }

    public boolean isConfirmDelete() {
        return confirmDelete;
    }

    public void setConfirmDelete(boolean confirmDelete) {
        this.confirmDelete = confirmDelete;
    }

    public List<PecBadge> getBadges() {
        return List.of(PecBadge.values());
    }

    public List<Folder> getFolders() {
        return folders;
    }

    public List<Row> getRows() {
        return page == null ? List.of() : page.rows();
    }

    public boolean isMore() {
        return page != null && page.more();
    }

    public long getLastUid() {
        List<Row> rows = getRows();
        return rows.isEmpty() ? 0 : rows.get(rows.size() - 1).uid();
    }

    public double getListMillis() {
        return listMillis;
    }

    public Map<Long, Boolean> getSelected() {
        return selected;
    }

    public String getFolder() {
        return folder;
    }

    public void setFolder(String folder) {
        this.folder = folder;
    }

    public long getBefore() {
        return before;
    }

    public void setBefore(long before) {
        this.before = Math.max(0, before);
    }

    public String getSender() {
        return sender;
    }

    public void setSender(String sender) {
        this.sender = sender;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getRef() {
        return ref;
    }

    public void setRef(String ref) {
        this.ref = ref;
    }

    public String getMoveTo() {
        return moveTo;
    }

    public void setMoveTo(String moveTo) {
        this.moveTo = moveTo;
    }

    public String getNewFolder() {
        return newFolder;
    }

    public void setNewFolder(String newFolder) {
        this.newFolder = newFolder;
    }

    public String getRenameTo() {
        return renameTo;
    }

    public void setRenameTo(String renameTo) {
        this.renameTo = renameTo;
    }
}
