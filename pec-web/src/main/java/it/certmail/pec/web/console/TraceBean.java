package it.certmail.pec.web.console;

import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.log.domain.LogSearch;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.web.console.MonitoringViews.LogRow;
import it.certmail.pec.web.shared.WebFormats;

/**
 * Ricerca nel registro: the log searched by msgid, Message-ID, sender, recipient, event and time range, newest
 * first, paged by key; the same search as CSV through {@link ConsoleDownloadServlet}.
 */
@Named("trace")
@ViewScoped
public class TraceBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 50;

    @Inject
    ConsoleFacade facade;

    private String msgid;
    private String clientMsgid;
    private String sender;
    private String recipient;
    private String event;
    /** datetime-local values, Italian time */
    private String from;
    private String to;

    /** The key of each earlier page: the way back (null entries: the first page). */
    private final Deque<Object[]> previousKeys = new ArrayDeque<>();
    private Object[] pageKey;
    private List<LogRow> rows = List.of();
    private boolean morePages;

    @PostConstruct
    void firstPage() {
        load(null);
    }

    public void search() {
        previousKeys.clear();
        load(null);
    }

    public void nextPage() {
        if (morePages && !rows.isEmpty()) {
            previousKeys.push(pageKey == null ? new Object[0] : pageKey);
            LogRow last = rows.get(rows.size() - 1);
            load(new Object[] {last.time(), last.id()});
        }
    }

    public void previousPage() {
        if (!previousKeys.isEmpty()) {
            Object[] key = previousKeys.pop();
            load(key.length == 0 ? null : key);
        }
    }

    private void load(Object[] key) {
        LogSearch search = searchOrNull(key, PAGE_SIZE + 1);
        if (search == null) {
            rows = List.of();
            morePages = false;
            return;
        }
        pageKey = key;
        try {
            // one row more than shown tells whether a next page exists
            List<LogRow> found = facade.searchLog(search);
            morePages = found.size() > PAGE_SIZE;
            rows = morePages ? found.subList(0, PAGE_SIZE) : found;
        } catch (IllegalArgumentException e) {
            Messages.errorText(null, Messages.text("error.invalid") + " " + e.getMessage());
            rows = List.of();
            morePages = false;
        }
    }

    /** The search the form describes, or null (with the error shown next to the field) when a time is invalid. */
    private LogSearch searchOrNull(Object[] key, int limit) {
        Instant fromInstant;
        Instant toInstant;
        try {
            fromInstant = instant(from);
        } catch (DateTimeParseException e) {
            Messages.error("searchForm:from", "trace.badTime");
            return null;
        }
        try {
            toInstant = instant(to);
        } catch (DateTimeParseException e) {
            Messages.error("searchForm:to", "trace.badTime");
            return null;
        }
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            Messages.error("searchForm:to", "trace.rangeOrder");
            return null;
        }
        return new LogSearch(msgid, clientMsgid, sender, recipient, event, fromInstant, toInstant,
                key == null ? null : (Instant) key[0], key == null ? null : (Long) key[1], limit);
    }

    static Instant instant(String local) {
        return local == null || local.isBlank() ? null
                : LocalDateTime.parse(local.strip()).atZone(WebFormats.ROME).toInstant();
    }

    /** The CSV export of the current search, as a link (GET: the browser downloads it, the page stays). */
    public String getExportUrl() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("msgid", msgid);
        params.put("clientMsgid", clientMsgid);
        params.put("sender", sender);
        params.put("recipient", recipient);
        params.put("event", event);
        params.put("from", from);
        params.put("to", to);
        StringBuilder url = new StringBuilder("download/log.csv");
        char sep = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getValue() != null && !p.getValue().isBlank()) {
                url.append(sep).append(p.getKey()).append('=')
                        .append(URLEncoder.encode(p.getValue().strip(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return url.toString();
    }

    public List<String> getEvents() {
        return Arrays.stream(LogEventType.values()).map(Enum::name).toList();
    }

    public List<LogRow> getRows() {
        return rows;
    }

    public boolean isMorePages() {
        return morePages;
    }

    public boolean isFirstPage() {
        return previousKeys.isEmpty();
    }

    public String getMsgid() { return msgid; }
    public void setMsgid(String msgid) { this.msgid = msgid; }
    public String getClientMsgid() { return clientMsgid; }
    public void setClientMsgid(String clientMsgid) { this.clientMsgid = clientMsgid; }
    public String getSender() { return sender; }
    public void setSender(String sender) { this.sender = sender; }
    public String getRecipient() { return recipient; }
    public void setRecipient(String recipient) { this.recipient = recipient; }
    public String getEvent() { return event; }
    public void setEvent(String event) { this.event = event; }
    public String getFrom() { return from; }
    public void setFrom(String from) { this.from = from; }
    public String getTo() { return to; }
    public void setTo(String to) { this.to = to; }
}
