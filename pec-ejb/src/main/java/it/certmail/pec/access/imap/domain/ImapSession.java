package it.certmail.pec.access.imap.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import it.certmail.pec.access.domain.AppendResult;
import it.certmail.pec.access.domain.CopyResult;
import it.certmail.pec.access.domain.FailedLogins;
import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.FlagUpdate;
import it.certmail.pec.access.domain.FolderChanges;
import it.certmail.pec.access.domain.FolderIndex;
import it.certmail.pec.access.domain.FolderInfo;
import it.certmail.pec.access.domain.FolderStatus;
import it.certmail.pec.access.domain.LoginOutcome;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.access.domain.MessageIndex;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.access.domain.QuotaUsage;
import it.certmail.pec.access.domain.ProtocolSession;
import it.certmail.pec.access.domain.SessionOutput;

/**
 * Sessione IMAP: the RFC 3501 state machine (not authenticated, authenticated, selected, logout) for one
 * connection. The transport hands it complete commands ({@link #handle(byte[])}) one at a time; it answers through
 * {@link SessionOutput} and does its store work through {@link MailAccess}.
 *
 * <p>Message numbers are this session's own view: a list of UIDs taken at SELECT and brought up to date only
 * when responses may say so. Messages expunged by others stay in the view (and keep their numbers) until the next
 * command that may send EXPUNGE (never FETCH, STORE or SEARCH, RFC 3501 §7.4.1), so a number never names another
 * message.
 */
public final class ImapSession implements ProtocolSession {

    private static final Logger LOG = Logger.getLogger(ImapSession.class.getName());

    public static final String CAPABILITIES = "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE QUOTA"
            + " QUOTA=RES-STORAGE SPECIAL-USE CHILDREN CONDSTORE UNSELECT LIST-EXTENDED";
    private static final String SYSTEM_FLAGS = "\\Answered \\Flagged \\Deleted \\Seen \\Draft";
    private static final DateTimeFormatter INTERNALDATE =
            DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ENGLISH);

    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    private final MailAccess access;
    private final SessionOutput out;
    private final ImapSettings settings;
    private final MimeCache cache;
    private final MailboxChangeHub hub;
    private final Supplier<Instant> clock;

    private State state = State.NOT_AUTHENTICATED;
    private String address;
    private int loginFailures;
    private String authTag;
    private String idleTag;
    private boolean condstore;
    private Selection sel;
    private AutoCloseable subscription;

    /** Messages read from the store per statement when a command needs more than UID, flags and modseq. */
    private static final int STORE_BATCH = 1000;

    /** The selected folder as this session knows it: UID, flags and modseq only; the rest is read when asked. */
    private static final class Selection {
        final String folder;
        final boolean readOnly;
        final long uidValidity;
        final MessageIndex view;
        long uidNext;
        long highestModseq;
        /** Messages gone from the store but not yet announced with EXPUNGE. */
        boolean expungePending;

        Selection(boolean readOnly, FolderIndex index) {
            this.folder = index.name();
            this.readOnly = readOnly;
            this.uidValidity = index.uidValidity();
            this.uidNext = index.uidNext();
            this.highestModseq = index.highestModseq();
            this.view = index.messages();
        }

        long maxUid() {
            return view.maxUid();
        }
    }

    private final FailedLogins failedLogins;

    public ImapSession(MailAccess access, SessionOutput out, ImapSettings settings, MimeCache cache,
            MailboxChangeHub hub, Supplier<Instant> clock, FailedLogins failedLogins) {
        this.access = access;
        this.failedLogins = failedLogins;
        this.out = out;
        this.settings = settings;
        this.cache = cache;
        this.hub = hub;
        this.clock = clock;
    }

    public void greet() {
        out.setIdleTimeout(settings.preAuthTimeout());
        out.write("* OK [CAPABILITY " + CAPABILITIES + " AUTH=PLAIN] " + settings.serverName() + " IMAP4rev1 ready\r\n");
        out.flush();
    }

    @Override
    public String byeOnTimeout() {
        return "* BYE autologout: idle for too long\r\n";
    }

    public boolean isLoggedOut() {
        return state == State.LOGOUT;
    }

    /** The transport could not frame a command (line or literal too long): BAD, the connection stays. */
    public void frameError(byte[] partial, String message) {
        String tag = "*";
        try {
            tag = new ImapReader(partial).tag();
        } catch (ImapSyntaxException ignored) {
            // untagged then
        }
        out.write(tag + " BAD " + message + "\r\n");
        out.flush();
    }

    /** Handles one complete command (or a continuation line of AUTHENTICATE or IDLE). Never throws. */
    public void handle(byte[] frame) {
        try {
            if (authTag != null) {
                String tag = authTag;
                authTag = null;
                String line = new String(frame, StandardCharsets.US_ASCII).strip();
                if (line.equals("*")) {
                    out.write(tag + " BAD AUTHENTICATE cancelled\r\n");
                } else {
                    plain(tag, line);
                }
            } else if (idleTag != null) {
                String line = new String(frame, StandardCharsets.US_ASCII).strip();
                String tag = idleTag;
                idleTag = null;
                if (line.equalsIgnoreCase("DONE")) {
                    refresh(true);
                    out.write(tag + " OK IDLE terminated\r\n");
                } else {
                    out.write(tag + " BAD expected DONE\r\n");
                }
            } else {
                command(frame);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "IMAP command failed for " + out.remoteAddress(), e);
            out.write("* BAD internal error\r\n");
        }
        out.flush();
        if (state == State.LOGOUT) {
            out.close();
        }
    }

    /** Called by the transport every {@link ImapSettings#idlePoll()} and on notifications: updates an IDLE client. */
    public void poll() {
        if (idleTag == null || sel == null) {
            return;
        }
        try {
            refresh(true);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "IDLE refresh failed", e);
        }
        out.flush();
    }

    /** The connection is gone. */
    public void closed() {
        unsubscribe();
        state = State.LOGOUT;
    }

    private void command(byte[] frame) {
        ImapReader r = new ImapReader(frame);
        String tag;
        try {
            tag = r.tag();
        } catch (ImapSyntaxException e) {
            out.write("* BAD missing tag\r\n");
            return;
        }
        String name;
        try {
            r.sp();
            name = r.atom().toUpperCase(Locale.ROOT);
        } catch (ImapSyntaxException e) {
            out.write(tag + " BAD missing command\r\n");
            return;
        }
        try {
            dispatch(tag, name, r);
        } catch (ImapSyntaxException e) {
            out.write(tag + " BAD " + e.getMessage() + "\r\n");
        } catch (MailAccessException e) {
            out.write(tag + " NO [" + code(e.reason()) + "] " + e.getMessage() + "\r\n");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "IMAP I/O failed for " + address, e);
            out.write(tag + " NO [SERVERBUG] cannot read the message\r\n");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "IMAP " + name + " failed for " + address + " from " + out.remoteAddress(), e);
            out.write(tag + " NO [SERVERBUG] internal error\r\n");
        }
    }

    private static String code(MailAccessException.Reason reason) {
        return switch (reason) {
            case NONEXISTENT -> "NONEXISTENT";
            case ALREADYEXISTS -> "ALREADYEXISTS";
            case OVERQUOTA -> "OVERQUOTA";
            case INUSE -> "INUSE";
            case LIMIT -> "LIMIT";
            case CANNOT -> "CANNOT";
        };
    }

    private void dispatch(String tag, String name, ImapReader r)
            throws ImapSyntaxException, MailAccessException, IOException {
        switch (name) {
            case "CAPABILITY" -> {
                r.end();
                out.write("* CAPABILITY " + CAPABILITIES + (state == State.NOT_AUTHENTICATED ? " AUTH=PLAIN" : "")
                        + "\r\n");
                ok(tag, "CAPABILITY completed");
                return;
            }
            case "NOOP" -> {
                r.end();
                refresh(true);
                ok(tag, "NOOP completed");
                return;
            }
            case "LOGOUT" -> {
                r.end();
                out.write("* BYE logging out\r\n");
                ok(tag, "LOGOUT completed");
                unsubscribe();
                state = State.LOGOUT;
                return;
            }
            case "ID" -> {
                r.sp();
                if (!r.matchesWord("NIL")) {
                    r.expect('(');
                    while (!r.skipIf(')')) {
                        r.nstring();
                        r.skipIf(' ');
                    }
                }
                out.write("* ID (\"name\" " + ImapStrings.quoted(settings.serverName()) + " \"vendor\" \"certmail\")\r\n");
                ok(tag, "ID completed");
                return;
            }
            default -> {
                // below
            }
        }
        if (state == State.NOT_AUTHENTICATED) {
            switch (name) {
                case "LOGIN" -> {
                    r.sp();
                    String user = r.astring();
                    r.sp();
                    String password = r.astring();
                    r.end();
                    login(tag, user, password);
                }
                case "AUTHENTICATE" -> {
                    r.sp();
                    String mech = r.atom().toUpperCase(Locale.ROOT);
                    if (!mech.equals("PLAIN")) {
                        out.write(tag + " NO [CANNOT] only AUTHENTICATE PLAIN is supported\r\n");
                        return;
                    }
                    if (r.skipIf(' ')) {
                        plain(tag, r.rest().strip());
                    } else {
                        authTag = tag;
                        out.write("+ \r\n");
                    }
                }
                case "STARTTLS" -> out.write(tag + " BAD the connection is already under TLS\r\n");
                default -> out.write(tag + " BAD " + name + " is not valid before login\r\n");
            }
            return;
        }
        switch (name) {
            case "LOGIN", "AUTHENTICATE" -> out.write(tag + " BAD already authenticated\r\n");
            case "ENABLE" -> enable(tag, r);
            case "SELECT", "EXAMINE" -> select(tag, r, name.equals("EXAMINE"));
            case "CREATE" -> {
                r.sp();
                String folder = folderName(r.astring());
                r.end();
                if (folder.endsWith(String.valueOf(MailAccess.DELIMITER))) {
                    folder = folder.substring(0, folder.length() - 1);
                }
                access.createFolder(address, folder);
                ok(tag, "CREATE completed");
            }
            case "DELETE" -> {
                r.sp();
                String folder = folderName(r.astring());
                r.end();
                if (sel != null && sel.folder.equals(folder)) {
                    throw new MailAccessException(MailAccessException.Reason.INUSE, "the folder is selected");
                }
                access.deleteFolder(address, folder);
                ok(tag, "DELETE completed");
            }
            case "RENAME" -> {
                r.sp();
                String from = folderName(r.astring());
                r.sp();
                String to = folderName(r.astring());
                r.end();
                access.renameFolder(address, from, to);
                ok(tag, "RENAME completed");
            }
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                r.sp();
                String folder = folderName(r.astring());
                r.end();
                access.subscribe(address, folder, name.equals("SUBSCRIBE"));
                ok(tag, name + " completed");
            }
            case "LIST", "LSUB" -> list(tag, r, name.equals("LSUB"));
            case "NAMESPACE" -> {
                r.end();
                out.write("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n");
                ok(tag, "NAMESPACE completed");
            }
            case "STATUS" -> status(tag, r);
            case "APPEND" -> append(tag, r);
            case "GETQUOTAROOT" -> {
                r.sp();
                String folder = folderName(r.astring());
                r.end();
                access.status(address, folder);
                out.write("* QUOTAROOT " + ImapStrings.quoted(ModifiedUtf7.encode(folder)) + " \"\"\r\n");
                quota();
                ok(tag, "GETQUOTAROOT completed");
            }
            case "GETQUOTA" -> {
                r.sp();
                String root = r.astring();
                r.end();
                if (!root.isEmpty()) {
                    throw new MailAccessException(MailAccessException.Reason.NONEXISTENT, "no such quota root");
                }
                quota();
                ok(tag, "GETQUOTA completed");
            }
            case "SETQUOTA" -> out.write(tag + " NO [NOPERM] the quota is set by the provider\r\n");
            case "IDLE" -> {
                r.end();
                idleTag = tag;
                out.write("+ idling\r\n");
                refresh(true);
            }
            default -> selected(tag, name, r);
        }
    }

    private void selected(String tag, String name, ImapReader r)
            throws ImapSyntaxException, MailAccessException, IOException {
        if (state != State.SELECTED) {
            switch (name) {
                case "CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE", "COPY", "MOVE", "UID" ->
                        out.write(tag + " BAD no folder selected\r\n");
                default -> out.write(tag + " BAD unknown command " + name + "\r\n");
            }
            return;
        }
        boolean uid = false;
        if (name.equals("UID")) {
            r.sp();
            name = r.atom().toUpperCase(Locale.ROOT);
            uid = true;
        }
        switch (name) {
            case "CHECK" -> {
                r.end();
                refresh(true);
                ok(tag, "CHECK completed");
            }
            case "CLOSE", "UNSELECT" -> {
                r.end();
                if (name.equals("CLOSE") && !sel.readOnly) {
                    access.expunge(address, sel.folder, null);
                }
                deselect();
                ok(tag, name + " completed");
            }
            case "EXPUNGE" -> {
                List<Long> uids = null;
                if (uid) {
                    r.sp();
                    SequenceSet set = r.sequenceSet();
                    uids = uids(set, true);
                }
                r.end();
                if (sel.readOnly) {
                    out.write(tag + " NO [READ-ONLY] the folder is read-only\r\n");
                    return;
                }
                access.expunge(address, sel.folder, uids);
                refresh(true);
                ok(tag, "EXPUNGE completed");
            }
            case "SEARCH" -> search(tag, r, uid);
            case "FETCH" -> fetch(tag, r, uid);
            case "STORE" -> store(tag, r, uid);
            case "COPY", "MOVE" -> copy(tag, r, uid, name.equals("MOVE"));
            default -> out.write(tag + " BAD unknown command " + name + "\r\n");
        }
    }

    private void ok(String tag, String text) {
        out.write(tag + " OK " + text + "\r\n");
    }

    // ---- authentication

    private void plain(String tag, String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            out.write(tag + " BAD not base64\r\n");
            return;
        }
        String s = new String(decoded, StandardCharsets.UTF_8);
        String[] parts = s.split("\u0000", -1);
        if (parts.length != 3) {
            out.write(tag + " BAD malformed PLAIN response\r\n");
            return;
        }
        if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) {
            loginFailed(tag, parts[1], "[AUTHORIZATIONFAILED] no proxy login");
            return;
        }
        login(tag, parts[1], parts[2]);
    }

    private void login(String tag, String user, String password) {
        LoginOutcome outcome = access.login(user, password);
        if (outcome instanceof LoginOutcome.Granted g) {
            address = g.address();
            state = State.AUTHENTICATED;
            out.setIdleTimeout(settings.authTimeout());
            LOG.info(() -> "IMAP login " + g.address() + " from " + out.remoteAddress());
            ok(tag, "[CAPABILITY " + CAPABILITIES + "] logged in");
        } else if (outcome instanceof LoginOutcome.Forbidden f) {
            LOG.warning(() -> "IMAP login refused for " + f.address() + " (" + f.status() + ") from "
                    + out.remoteAddress());
            out.write(tag + " NO [CONTACTADMIN] the mailbox " + f.address() + " is " + f.status()
                    + ": access is not allowed\r\n");
        } else {
            loginFailed(tag, user, "[AUTHENTICATIONFAILED] invalid credentials");
        }
    }

    private void loginFailed(String tag, String user, String text) {
        loginFailures++;
        failedLogins.imapFailed();
        LOG.warning(() -> "IMAP login failed for " + user + " from " + out.remoteAddress() + " (" + loginFailures
                + ")");
        out.pause(settings.loginFailureDelay());
        out.write(tag + " NO " + text + "\r\n");
        if (loginFailures >= settings.maxLoginFailures()) {
            out.write("* BYE too many failed logins\r\n");
            state = State.LOGOUT;
        }
    }

    private void enable(String tag, ImapReader r) throws ImapSyntaxException {
        List<String> enabled = new ArrayList<>();
        while (r.skipIf(' ')) {
            String cap = r.atom().toUpperCase(Locale.ROOT);
            if (cap.equals("CONDSTORE") && !condstore) {
                condstore = true;
                enabled.add(cap);
            }
        }
        out.write("* ENABLED" + (enabled.isEmpty() ? "" : " " + String.join(" ", enabled)) + "\r\n");
        ok(tag, "ENABLE completed");
    }

    // ---- folders

    /** A folder name as sent (modified UTF-7) to the stored (Unicode) name. */
    private static String folderName(String name) {
        String decoded = ModifiedUtf7.decode(name);
        return decoded.equalsIgnoreCase("INBOX") ? "INBOX" : decoded;
    }

    private void select(String tag, ImapReader r, boolean readOnly)
            throws ImapSyntaxException, MailAccessException {
        r.sp();
        String folder = folderName(r.astring());
        if (r.skipIf(' ')) {
            r.expect('(');
            String p = r.atom().toUpperCase(Locale.ROOT);
            if (p.equals("CONDSTORE")) {
                condstore = true;
            }
            r.expect(')');
        }
        r.end();
        deselect();
        FolderIndex st = access.index(address, folder);
        sel = new Selection(readOnly, st);
        MessageIndex messages = sel.view;
        state = State.SELECTED;
        subscription = hub.subscribe(address, () -> out.runLater(this::poll));
        out.write("* FLAGS (" + SYSTEM_FLAGS + ")\r\n");
        out.write("* OK [PERMANENTFLAGS (" + (readOnly ? "" : SYSTEM_FLAGS + " \\*") + ")] flags\r\n");
        out.write("* " + messages.size() + " EXISTS\r\n");
        out.write("* 0 RECENT\r\n");
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.hasFlag(i, "\\Seen")) {
                out.write("* OK [UNSEEN " + (i + 1) + "] first unseen\r\n");
                break;
            }
        }
        out.write("* OK [UIDVALIDITY " + st.uidValidity() + "] UIDs valid\r\n");
        out.write("* OK [UIDNEXT " + st.uidNext() + "] predicted next UID\r\n");
        out.write("* OK [HIGHESTMODSEQ " + Math.max(1, st.highestModseq()) + "] highest\r\n");
        ok(tag, (readOnly ? "[READ-ONLY]" : "[READ-WRITE]") + " selected " + ModifiedUtf7.encode(st.name()));
    }

    private void deselect() {
        unsubscribe();
        if (sel != null) {
            sel = null;
            state = State.AUTHENTICATED;
            out.write("* OK [CLOSED] previous folder closed\r\n");
        }
    }

    private void unsubscribe() {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // nothing to release
            }
            subscription = null;
        }
    }

    private void list(String tag, ImapReader r, boolean lsub) throws ImapSyntaxException, MailAccessException {
        r.sp();
        boolean specialOnly = false;
        boolean subscribedOnly = lsub;
        if (!lsub && r.skipIf('(')) {
            // RFC 5258 selection options
            while (!r.skipIf(')')) {
                String opt = r.atom().toUpperCase(Locale.ROOT);
                if (opt.equals("SPECIAL-USE")) {
                    specialOnly = true;
                } else if (opt.equals("SUBSCRIBED")) {
                    subscribedOnly = true;
                }
                r.skipIf(' ');
            }
            r.sp();
        }
        String reference = r.astring();
        r.sp();
        List<String> patterns = new ArrayList<>();
        if (r.skipIf('(')) {
            while (!r.skipIf(')')) {
                patterns.add(r.listMailbox());
                r.skipIf(' ');
            }
        } else {
            patterns.add(r.listMailbox());
        }
        if (r.skipIf(' ')) {
            // RETURN (...) options: special-use attributes and children are always sent
            r.atom();
            r.sp();
            r.expect('(');
            while (!r.skipIf(')')) {
                r.atom();
                if (r.skipIf('(')) {
                    while (!r.skipIf(')')) {
                        r.atom();
                        r.skipIf(' ');
                    }
                }
                r.skipIf(' ');
            }
        }
        r.end();
        String verb = lsub ? "LSUB" : "LIST";
        if (patterns.size() == 1 && patterns.get(0).isEmpty()) {
            out.write("* " + verb + " (\\Noselect) \"/\" \"\"\r\n");
            ok(tag, verb + " completed");
            return;
        }
        List<FolderInfo> folders = access.folders(address);
        Set<String> names = new LinkedHashSet<>();
        folders.forEach(f -> names.add(f.name()));
        for (FolderInfo f : folders) {
            if (!matchesAny(ModifiedUtf7.decode(reference), patterns.stream().map(ModifiedUtf7::decode).toList(),
                    f.name())) {
                continue;
            }
            if (subscribedOnly && !f.subscribed()) {
                continue;
            }
            if (specialOnly && f.specialUse() == null) {
                continue;
            }
            List<String> attrs = new ArrayList<>();
            boolean children = names.stream().anyMatch(n -> n.startsWith(f.name() + MailAccess.DELIMITER));
            attrs.add(children ? "\\HasChildren" : "\\HasNoChildren");
            if (f.specialUse() != null) {
                attrs.add(f.specialUse());
            }
            if (subscribedOnly && !lsub) {
                attrs.add("\\Subscribed");
            }
            StringBuilder line = new StringBuilder("* ").append(verb).append(" (").append(String.join(" ", attrs))
                    .append(") \"/\" ");
            ImapStrings.astring(line, ModifiedUtf7.encode(f.name()));
            out.write(line.append("\r\n").toString());
        }
        ok(tag, verb + " completed");
    }

    private static boolean matchesAny(String reference, List<String> patterns, String name) {
        for (String p : patterns) {
            String full = reference + p;
            if (MailboxPattern.matches(full, name, false)
                    || name.equals("INBOX") && MailboxPattern.matches(full, name, true)) {
                return true;
            }
        }
        return false;
    }

    private void status(String tag, ImapReader r) throws ImapSyntaxException, MailAccessException {
        r.sp();
        String folder = folderName(r.astring());
        r.sp();
        List<String> items = r.astringList();
        r.end();
        FolderStatus st = access.status(address, folder);
        StringBuilder line = new StringBuilder("* STATUS ");
        ImapStrings.astring(line, ModifiedUtf7.encode(st.name()));
        line.append(" (");
        List<String> parts = new ArrayList<>();
        for (String item : items) {
            switch (item.toUpperCase(Locale.ROOT)) {
                case "MESSAGES" -> parts.add("MESSAGES " + st.messages());
                case "RECENT" -> parts.add("RECENT 0");
                case "UIDNEXT" -> parts.add("UIDNEXT " + st.uidNext());
                case "UIDVALIDITY" -> parts.add("UIDVALIDITY " + st.uidValidity());
                case "UNSEEN" -> parts.add("UNSEEN " + st.unseen());
                case "HIGHESTMODSEQ" -> parts.add("HIGHESTMODSEQ " + Math.max(1, st.highestModseq()));
                case "SIZE" -> parts.add("SIZE " + st.sizeBytes());
                default -> throw new ImapSyntaxException("unknown status item " + item);
            }
        }
        out.write(line.append(String.join(" ", parts)).append(")\r\n").toString());
        ok(tag, "STATUS completed");
    }

    private void append(String tag, ImapReader r) throws ImapSyntaxException, MailAccessException {
        r.sp();
        String folder = folderName(r.astring());
        r.sp();
        List<String> flags = List.of();
        if (r.peek() == '(') {
            flags = r.flagList();
            r.sp();
        }
        Instant date = clock.get();
        if (r.peek() == '"') {
            date = r.dateTime().toInstant();
            r.sp();
        }
        byte[] message = r.stringBytes();
        r.end();
        if (message.length > settings.maxAppendBytes()) {
            out.write(tag + " NO [TOOBIG] the message is too large\r\n");
            return;
        }
        Set<String> flagSet = new LinkedHashSet<>(flags);
        flagSet.removeIf(f -> f.equalsIgnoreCase("\\Recent"));
        AppendResult result = access.append(address, folder, message, flagSet, date);
        refresh(true);
        ok(tag, "[APPENDUID " + result.uidValidity() + " " + result.uid() + "] APPEND completed");
    }

    private void quota() throws MailAccessException {
        QuotaUsage usage = access.usage(address);
        out.write("* QUOTA \"\" (STORAGE " + (usage.usedBytes() + 1023) / 1024 + " " + usage.quotaBytes() / 1024
                + ")\r\n");
    }

    // ---- selected state

    /**
     * Brings the view up to date with the store and tells the client: EXPUNGE (when allowed), FETCH for flags
     * changed by others, EXISTS for new messages.
     */
    private void refresh(boolean allowExpunge) {
        if (sel == null) {
            return;
        }
        try {
            MessageIndex v = sel.view;
            long knownMax = v.maxUid();
            FolderChanges ch = access.changes(address, sel.folder, sel.highestModseq, knownMax);
            if (ch.unchanged() && !sel.expungePending) {
                return;
            }
            if (sel.expungePending || (ch.messagesUpToUid() >= 0 && ch.messagesUpToUid() < v.ceiling(knownMax + 1))) {
                if (allowExpunge) {
                    long[] still = access.uids(address, sel.folder, knownMax);
                    for (int i = v.ceiling(knownMax + 1) - 1; i >= 0; i--) {
                        if (java.util.Arrays.binarySearch(still, v.uid(i)) < 0) {
                            out.write("* " + (i + 1) + " EXPUNGE\r\n");
                            v.remove(i);
                        }
                    }
                    sel.expungePending = false;
                } else {
                    sel.expungePending = true;
                }
            }
            MessageIndex c = ch.changed();
            int before = v.size();
            for (int k = 0; k < c.size(); k++) {
                long u = c.uid(k);
                if (u > v.maxUid()) {
                    v.add(u, c.flags(k), c.modseq(k));
                    continue;
                }
                int i = v.indexOf(u);
                if (i >= 0 && v.modseq(i) != c.modseq(k)) {
                    boolean flagsChanged = !v.flags(i).equals(c.flags(k));
                    v.set(i, c.flags(k), c.modseq(k));
                    if (flagsChanged || condstore) {
                        out.write("* " + (i + 1) + " FETCH (FLAGS (" + String.join(" ", c.flags(k)) + ") UID " + u
                                + (condstore ? " MODSEQ (" + c.modseq(k) + ")" : "") + ")\r\n");
                    }
                }
            }
            if (v.size() != before) {
                out.write("* " + v.size() + " EXISTS\r\n");
                out.write("* 0 RECENT\r\n");
            }
            sel.highestModseq = ch.highestModseq();
            sel.uidNext = ch.uidNext();
        } catch (MailAccessException e) {
            LOG.log(Level.FINE, "refresh failed", e);
        }
    }

    private static String flagsItem(MessageMeta m) {
        return "FLAGS (" + String.join(" ", m.flags()) + ")";
    }

    /** Message numbers (1-based) of the view named by {@code set}. */
    private List<Integer> select(SequenceSet set, boolean uid) {
        List<Integer> out = new ArrayList<>();
        long maxUid = sel.maxUid();
        long max = sel.view.size();
        for (int i = 0; i < sel.view.size(); i++) {
            if (uid ? set.contains(sel.view.uid(i), maxUid) : set.contains(i + 1, max)) {
                out.add(i + 1);
            }
        }
        return out;
    }

    private List<Long> uids(SequenceSet set, boolean uid) {
        List<Long> out = new ArrayList<>();
        for (int n : select(set, uid)) {
            out.add(sel.view.uid(n - 1));
        }
        return out;
    }

    private void checkRange(SequenceSet set, boolean uid) throws ImapSyntaxException {
        if (!uid && set.exceeds(sel.view.size())) {
            throw new ImapSyntaxException("no such message number");
        }
    }

    private void search(String tag, ImapReader r, boolean uid) throws ImapSyntaxException, IOException {
        r.sp();
        if (r.matchesWord("CHARSET")) {
            r.atom();
            r.sp();
            String charset = r.astring();
            if (!charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("US-ASCII")) {
                out.write(tag + " NO [BADCHARSET (UTF-8 US-ASCII)] unsupported charset\r\n");
                return;
            }
            r.sp();
        }
        SearchKey key = SearchKey.parse(r);
        List<Long> hits = new ArrayList<>();
        long maxModseq = 0;
        long maxUid = sel.maxUid();
        int total = sel.view.size();
        boolean needsStore = SearchKey.needsStore(key);
        Map<Long, MessageMeta> batch = Map.of();
        for (int i = 0; i < total; i++) {
            if (needsStore && i % STORE_BATCH == 0) {
                batch = metas(i, Math.min(total, i + STORE_BATCH));
            }
            MessageMeta m = needsStore ? batch.get(sel.view.uid(i)) : viewMeta(i);
            if (m == null) {
                // expunged by another session meanwhile
                continue;
            }
            Target t = new Target(i + 1, total, maxUid, m);
            boolean match;
            try {
                match = key.matches(t);
            } catch (IOException e) {
                // expunged meanwhile: its bytes are gone
                match = false;
            }
            if (match) {
                hits.add(uid ? m.uid() : i + 1L);
                maxModseq = Math.max(maxModseq, m.modseq());
            }
        }
        StringBuilder line = new StringBuilder("* SEARCH");
        for (long h : hits) {
            line.append(' ').append(h);
        }
        if (SearchKey.usesModSeq(key) && !hits.isEmpty()) {
            line.append(" (MODSEQ ").append(maxModseq).append(')');
            condstore = true;
        }
        out.write(line.append("\r\n").toString());
        refresh(uid);
        ok(tag, "SEARCH completed");
    }

    /** UID, flags and modseq from the view; no size, date or bytes. */
    private MessageMeta viewMeta(int index) {
        return new MessageMeta(sel.view.uid(index), -1, -1, null, sel.view.flags(index), sel.view.modseq(index));
    }

    /** The store's data of the view's messages [from, to), by UID; expunged ones are absent. */
    private Map<Long, MessageMeta> metas(int from, int to) {
        long[] uids = new long[to - from];
        for (int i = from; i < to; i++) {
            uids[i - from] = sel.view.uid(i);
        }
        Map<Long, MessageMeta> out = new HashMap<>(uids.length * 2);
        try {
            for (MessageMeta m : access.messages(address, sel.folder, uids)) {
                out.put(m.uid(), m);
            }
        } catch (MailAccessException e) {
            // the folder went away: every message of it is missing
            LOG.log(Level.FINE, "cannot read messages", e);
        }
        return out;
    }

    /** A message of the view, for search keys. */
    private final class Target implements SearchKey.Target {
        private final long seq;
        private final long maxSeq;
        private final long maxUid;
        private final MessageMeta meta;

        Target(long seq, long maxSeq, long maxUid, MessageMeta meta) {
            this.seq = seq;
            this.maxSeq = maxSeq;
            this.maxUid = maxUid;
            this.meta = meta;
        }

        public long sequence() {
            return seq;
        }

        public long maxSequence() {
            return maxSeq;
        }

        public long maxUid() {
            return maxUid;
        }

        public MessageMeta meta() {
            return meta;
        }

        public java.time.ZoneId zone() {
            return settings.zone();
        }

        public MimeEntity header() throws IOException {
            return cache.header(meta.blobId(), access::open);
        }

        public boolean contains(String needle, boolean withHeader) throws IOException {
            byte[] n = needle.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            long skip = withHeader ? 0 : header().bodyStart();
            try (InputStream in = access.open(meta.blobId())) {
                in.skipNBytes(skip);
                return indexOfIgnoreCase(in, n);
            }
        }
    }

    /** Streaming ASCII case-insensitive search (no backtracking issues: restarts with a rolling window). */
    static boolean indexOfIgnoreCase(InputStream in, byte[] needle) throws IOException {
        if (needle.length == 0) {
            return true;
        }
        byte[] window = new byte[needle.length];
        int filled = 0;
        int start = 0;
        int b;
        java.io.BufferedInputStream bin = new java.io.BufferedInputStream(in, 64 * 1024);
        while ((b = bin.read()) != -1) {
            byte lower = (byte) Character.toLowerCase(b);
            if (filled < window.length) {
                window[filled++] = lower;
            } else {
                window[start] = lower;
                start = (start + 1) % window.length;
            }
            if (filled == window.length) {
                boolean eq = true;
                for (int i = 0; i < window.length; i++) {
                    if (window[(start + i) % window.length] != needle[i]) {
                        eq = false;
                        break;
                    }
                }
                if (eq) {
                    return true;
                }
            }
        }
        return false;
    }

    private void fetch(String tag, ImapReader r, boolean uid)
            throws ImapSyntaxException, MailAccessException, IOException {
        r.sp();
        SequenceSet set = r.sequenceSet();
        r.sp();
        List<FetchItem> items = new ArrayList<>(FetchItem.parse(r));
        long changedSince = -1;
        if (r.skipIf(' ')) {
            r.expect('(');
            String mod = r.atom().toUpperCase(Locale.ROOT);
            if (!mod.equals("CHANGEDSINCE")) {
                throw new ImapSyntaxException("unknown fetch modifier " + mod);
            }
            r.sp();
            changedSince = r.number();
            r.expect(')');
            condstore = true;
        }
        r.end();
        checkRange(set, uid);
        boolean wantModseq = condstore && (changedSince >= 0
                || items.stream().anyMatch(i -> i instanceof FetchItem.Attribute a
                        && a.kind() == FetchItem.Simple.MODSEQ));
        if (items.stream().anyMatch(i -> i instanceof FetchItem.Attribute a && a.kind() == FetchItem.Simple.MODSEQ)) {
            condstore = true;
            wantModseq = true;
        }
        boolean setsSeen = !sel.readOnly && items.stream().anyMatch(i ->
                (i instanceof FetchItem.Section s && !s.peek())
                        || (i instanceof FetchItem.Attribute a && (a.kind() == FetchItem.Simple.RFC822
                        || a.kind() == FetchItem.Simple.RFC822_TEXT)));
        List<Integer> numbers = select(set, uid);
        if (changedSince >= 0) {
            final long since = changedSince;
            numbers.removeIf(n -> sel.view.modseq(n - 1) <= since);
        }
        Set<Long> flagged = new LinkedHashSet<>();
        if (setsSeen) {
            List<Long> unseen = new ArrayList<>();
            for (int n : numbers) {
                if (!sel.view.hasFlag(n - 1, "\\Seen")) {
                    unseen.add(sel.view.uid(n - 1));
                }
            }
            if (!unseen.isEmpty()) {
                FlagUpdate update = access.updateFlags(address, sel.folder, unseen, FlagOperation.ADD,
                        Set.of("\\Seen"), -1);
                apply(update.messages());
                update.messages().forEach(m -> flagged.add(m.uid()));
            }
        }
        boolean missing = false;
        boolean needsStore = items.stream().anyMatch(i -> !(i instanceof FetchItem.Attribute a)
                || (a.kind() != FetchItem.Simple.UID && a.kind() != FetchItem.Simple.FLAGS
                && a.kind() != FetchItem.Simple.MODSEQ));
        // the top header of each message, and not the whole structure: read the header blocks in batches
        boolean needsHeader = items.stream().anyMatch(i -> i instanceof FetchItem.Attribute a
                && (a.kind() == FetchItem.Simple.ENVELOPE || a.kind() == FetchItem.Simple.RFC822_HEADER)
                || i instanceof FetchItem.Section s && s.path().length == 0 && !s.needsStructure()
                && s.kind() != FetchItem.Kind.ALL && s.kind() != FetchItem.Kind.TEXT);
        for (int b = 0; b < numbers.size(); b += STORE_BATCH) {
            List<Integer> chunk = numbers.subList(b, Math.min(numbers.size(), b + STORE_BATCH));
            Map<Long, MessageMeta> batch = Map.of();
            if (needsStore) {
                long[] wanted = new long[chunk.size()];
                for (int k = 0; k < wanted.length; k++) {
                    wanted[k] = sel.view.uid(chunk.get(k) - 1);
                }
                batch = new HashMap<>(wanted.length * 2);
                for (MessageMeta m : access.messages(address, sel.folder, wanted)) {
                    batch.put(m.uid(), m);
                }
                if (needsHeader) {
                    List<Long> blobs = new ArrayList<>(batch.size());
                    batch.values().forEach(m -> blobs.add(m.blobId()));
                    cache.prefetchHeaders(blobs, access::prefixes);
                }
            }
            for (int n : chunk) {
                MessageMeta m = needsStore ? batch.get(sel.view.uid(n - 1)) : viewMeta(n - 1);
                if (m == null) {
                    // expunged by another session meanwhile
                    missing = true;
                    continue;
                }
                try {
                    fetchOne(n, m, items, uid, wantModseq, flagged.contains(m.uid()));
                } catch (IOException | java.util.NoSuchElementException e) {
                    // expunged by another session meanwhile: its bytes are gone
                    missing = true;
                }
            }
        }
        refresh(uid);
        if (missing) {
            out.write(tag + " NO [EXPUNGEISSUED] some of the requested messages no longer exist\r\n");
        } else {
            ok(tag, "FETCH completed");
        }
    }

    private void apply(List<MessageMeta> updated) {
        for (MessageMeta m : updated) {
            int i = sel.view.indexOf(m.uid());
            if (i >= 0) {
                sel.view.set(i, m.flags(), m.modseq());
            }
        }
    }

    private void fetchOne(int n, MessageMeta m, List<FetchItem> items, boolean uid, boolean wantModseq,
            boolean seenChanged) throws IOException {
        // build the text up to each literal; literals of sections are streamed
        StringBuilder line = new StringBuilder(256).append("* ").append(n).append(" FETCH (");
        boolean first = true;
        boolean sentUid = false;
        boolean sentFlags = false;
        boolean sentModseq = false;
        for (FetchItem item : items) {
            if (!first) {
                line.append(' ');
            }
            first = false;
            if (item instanceof FetchItem.Attribute a) {
                switch (a.kind()) {
                    case FLAGS -> {
                        line.append(flagsItem(m));
                        sentFlags = true;
                    }
                    case UID -> {
                        line.append("UID ").append(m.uid());
                        sentUid = true;
                    }
                    case MODSEQ -> {
                        line.append("MODSEQ (").append(m.modseq()).append(')');
                        sentModseq = true;
                    }
                    case INTERNALDATE -> line.append("INTERNALDATE \"")
                            .append(INTERNALDATE.format(m.internalDate().atZone(settings.zone()))).append('"');
                    case RFC822_SIZE -> line.append("RFC822.SIZE ").append(m.size());
                    case ENVELOPE -> line.append("ENVELOPE ")
                            .append(EnvelopeWriter.envelope(cache.header(m.blobId(), access::open)));
                    case BODYSTRUCTURE -> line.append("BODYSTRUCTURE ")
                            .append(EnvelopeWriter.bodyStructure(cache.structure(m.blobId(), access::open), true));
                    case BODY -> line.append("BODY ")
                            .append(EnvelopeWriter.bodyStructure(cache.structure(m.blobId(), access::open), false));
                    case RFC822 -> {
                        line.append("RFC822 ");
                        range(line, m, 0, m.size());
                    }
                    case RFC822_HEADER -> {
                        MimeEntity h = cache.header(m.blobId(), access::open);
                        byte[] raw = cache.headerBytes(m.blobId(), access::open);
                        line.append("RFC822.HEADER ");
                        if (raw != null) {
                            literal(line, raw);
                        } else {
                            range(line, m, 0, h.bodyStart());
                        }
                    }
                    case RFC822_TEXT -> {
                        MimeEntity h = cache.header(m.blobId(), access::open);
                        line.append("RFC822.TEXT ");
                        range(line, m, h.bodyStart(), m.size());
                    }
                    default -> throw new IllegalStateException();
                }
            } else if (item instanceof FetchItem.Section s) {
                section(line, m, s);
            }
        }
        if (uid && !sentUid) {
            line.append(first ? "" : " ").append("UID ").append(m.uid());
            first = false;
        }
        if (seenChanged && !sentFlags) {
            line.append(first ? "" : " ").append(flagsItem(m));
            first = false;
        }
        if (wantModseq && !sentModseq) {
            line.append(first ? "" : " ").append("MODSEQ (").append(m.modseq()).append(')');
        }
        out.write(line.append(")\r\n").toString());
    }

    /** Appends a literal of bytes [from, to) of the message: opens it first, writes the text so far, streams. */
    private void range(StringBuilder line, MessageMeta m, long from, long to) throws IOException {
        long length = Math.max(0, to - from);
        InputStream in = null;
        if (length > 0) {
            in = access.open(m.blobId());
            try {
                in.skipNBytes(from);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }
        line.append('{').append(length).append("}\r\n");
        out.write(line.toString());
        line.setLength(0);
        if (in != null) {
            out.writeStream(in, length);
        }
    }

    private void section(StringBuilder line, MessageMeta m, FetchItem.Section s) throws IOException {
        MimeEntity root = s.needsStructure() ? cache.structure(m.blobId(), access::open)
                : cache.header(m.blobId(), access::open);
        line.append("BODY[").append(s.label()).append(']');
        if (s.partialLength() >= 0) {
            line.append('<').append(s.partialStart()).append('>');
        }
        line.append(' ');
        MimeEntity part = root.part(s.path());
        if (part == null) {
            line.append("NIL");
            return;
        }
        long from;
        long to;
        switch (s.kind()) {
            case ALL -> {
                if (s.path().length == 0) {
                    from = 0;
                    to = m.size();
                } else {
                    from = part.bodyStart();
                    to = part.end();
                }
            }
            case MIME -> {
                from = part.headerStart();
                to = part.bodyStart();
            }
            case HEADER, TEXT, HEADER_FIELDS, HEADER_FIELDS_NOT -> {
                MimeEntity msg = s.path().length == 0 ? part : part.message();
                if (msg == null) {
                    line.append("NIL");
                    return;
                }
                // the top header block is usually cached as bytes: no read of the blob
                byte[] raw = s.path().length == 0 && s.kind() != FetchItem.Kind.TEXT
                        ? cache.headerBytes(m.blobId(), access::open) : null;
                if (s.kind() == FetchItem.Kind.TEXT) {
                    from = msg.bodyStart();
                    to = s.path().length == 0 ? m.size() : msg.end();
                } else if (s.kind() == FetchItem.Kind.HEADER) {
                    if (raw != null) {
                        literal(line, partial(raw, s));
                        return;
                    }
                    from = msg.headerStart();
                    to = msg.bodyStart();
                } else if (raw != null) {
                    literal(line, partial(filter(raw, s.fields(), s.kind() == FetchItem.Kind.HEADER_FIELDS_NOT), s));
                    return;
                } else {
                    byte[] filtered = headerFields(m, msg, s.fields(), s.kind() == FetchItem.Kind.HEADER_FIELDS_NOT);
                    literal(line, partial(filtered, s));
                    return;
                }
            }
            default -> throw new IllegalStateException();
        }
        if (s.partialLength() >= 0) {
            long start = Math.min(to, from + s.partialStart());
            to = Math.min(to, start + s.partialLength());
            from = start;
        }
        range(line, m, from, to);
    }

    private static byte[] partial(byte[] data, FetchItem.Section s) {
        if (s.partialLength() < 0) {
            return data;
        }
        int start = (int) Math.min(data.length, s.partialStart());
        int end = (int) Math.min(data.length, start + s.partialLength());
        return java.util.Arrays.copyOfRange(data, start, end);
    }

    private void literal(StringBuilder line, byte[] data) {
        line.append('{').append(data.length).append("}\r\n").append(new String(data, StandardCharsets.ISO_8859_1));
    }

    /** The header lines (folded lines kept as sent) whose names are in {@code fields}, or not, then CRLF. */
    private byte[] headerFields(MessageMeta m, MimeEntity msg, List<String> fields, boolean not) throws IOException {
        byte[] header;
        try (InputStream in = access.open(m.blobId())) {
            in.skipNBytes(msg.headerStart());
            header = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, msg.bodyStart() - msg.headerStart()));
        }
        return filter(header, fields, not);
    }

    /** The lines of a header block whose names are in {@code fields} (or not), then CRLF. */
    private static byte[] filter(byte[] header, List<String> fields, boolean not) {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.toLowerCase(Locale.ROOT)));
        String text = new String(header, StandardCharsets.ISO_8859_1);
        StringBuilder outText = new StringBuilder();
        boolean keep = false;
        for (String raw : text.split("(?<=\n)")) {
            String lineText = raw.endsWith("\r\n") ? raw.substring(0, raw.length() - 2)
                    : raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw;
            if (lineText.isEmpty()) {
                break;
            }
            if (lineText.startsWith(" ") || lineText.startsWith("\t")) {
                if (keep) {
                    outText.append(lineText).append("\r\n");
                }
                continue;
            }
            int colon = lineText.indexOf(':');
            String name = colon < 0 ? "" : lineText.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            keep = names.contains(name) != not;
            if (keep) {
                outText.append(lineText).append("\r\n");
            }
        }
        outText.append("\r\n");
        return outText.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void store(String tag, ImapReader r, boolean uid) throws ImapSyntaxException, MailAccessException {
        r.sp();
        SequenceSet set = r.sequenceSet();
        r.sp();
        long unchangedSince = -1;
        if (r.skipIf('(')) {
            String mod = r.atom().toUpperCase(Locale.ROOT);
            if (!mod.equals("UNCHANGEDSINCE")) {
                throw new ImapSyntaxException("unknown store modifier " + mod);
            }
            r.sp();
            unchangedSince = r.number();
            r.expect(')');
            r.sp();
            condstore = true;
        }
        String op = r.atom().toUpperCase(Locale.ROOT);
        boolean silent = op.endsWith(".SILENT");
        if (silent) {
            op = op.substring(0, op.length() - ".SILENT".length());
        }
        FlagOperation operation = switch (op) {
            case "FLAGS" -> FlagOperation.REPLACE;
            case "+FLAGS" -> FlagOperation.ADD;
            case "-FLAGS" -> FlagOperation.REMOVE;
            default -> throw new ImapSyntaxException("unknown store item " + op);
        };
        r.sp();
        List<String> flags = r.flagList();
        r.end();
        checkRange(set, uid);
        if (sel.readOnly) {
            out.write(tag + " NO [READ-ONLY] the folder is read-only\r\n");
            return;
        }
        Set<String> flagSet = new LinkedHashSet<>(flags);
        flagSet.removeIf(f -> f.equalsIgnoreCase("\\Recent"));
        List<Long> uids = uids(set, uid);
        FlagUpdate update = access.updateFlags(address, sel.folder, uids, operation, flagSet, unchangedSince);
        for (MessageMeta m : update.messages()) {
            int i = sel.view.indexOf(m.uid());
            if (i < 0) {
                continue;
            }
            int n = i + 1;
            boolean changed = sel.view.modseq(i) != m.modseq();
            sel.view.set(i, m.flags(), m.modseq());
            if (!silent || (condstore && changed)) {
                List<String> parts = new ArrayList<>();
                if (!silent) {
                    parts.add(flagsItem(m));
                }
                if (uid) {
                    parts.add("UID " + m.uid());
                }
                if (condstore) {
                    parts.add("MODSEQ (" + m.modseq() + ")");
                }
                out.write("* " + n + " FETCH (" + String.join(" ", parts) + ")\r\n");
            }
        }
        refresh(uid);
        if (!update.modified().isEmpty()) {
            List<Long> mod = new ArrayList<>();
            for (long u : update.modified()) {
                mod.add(uid ? u : sel.view.indexOf(u) + 1L);
            }
            mod.sort(null);
            ok(tag, "[MODIFIED " + SequenceSet.compact(mod) + "] conditional STORE failed");
        } else {
            ok(tag, "STORE completed");
        }
    }

    private void copy(String tag, ImapReader r, boolean uid, boolean move)
            throws ImapSyntaxException, MailAccessException {
        r.sp();
        SequenceSet set = r.sequenceSet();
        r.sp();
        String to = folderName(r.astring());
        r.end();
        checkRange(set, uid);
        if (move && sel.readOnly) {
            out.write(tag + " NO [READ-ONLY] the folder is read-only\r\n");
            return;
        }
        List<Long> uids = uids(set, uid);
        if (uids.isEmpty()) {
            ok(tag, (move ? "MOVE" : "COPY") + " completed, nothing to do");
            return;
        }
        CopyResult result = access.copy(address, sel.folder, uids, to, move);
        String copyUid = "COPYUID " + result.uidValidity() + " " + list(result.sourceUids()) + " "
                + list(result.destinationUids());
        if (move) {
            out.write("* OK [" + copyUid + "] moved\r\n");
            refresh(true);
            ok(tag, "MOVE completed");
        } else {
            refresh(uid);
            ok(tag, "[" + copyUid + "] COPY completed");
        }
    }

    private static String list(List<Long> uids) {
        StringBuilder sb = new StringBuilder();
        for (long u : uids) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(u);
        }
        return sb.toString();
    }
}
