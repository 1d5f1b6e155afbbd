package it.certmail.pec.web.console;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.operator.domain.AuditQuery;
import it.certmail.pec.web.console.ConsoleViews.AuditRow;
import it.certmail.pec.web.shared.WebFormats;

/**
 * The audit trail, searched by operator, action, target and days (Europe/Rome, both inclusive), newest first and
 * paged by key (the last id of the page), so an old page costs what the first does.
 */
@Named("auditTrail")
@ViewScoped
public class AuditBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 25;

    @Inject
    ConsoleFacade facade;

    private String actor;
    private String action;
    private String target;
    /** Days as the browser's date input sends them, yyyy-MM-dd. */
    private String fromDay;
    private String toDay;

    private final Deque<Long> previousStarts = new ArrayDeque<>();
    private Long pageStart;
    private List<AuditRow> rows = List.of();
    private boolean morePages;

    @PostConstruct
    void firstPage() {
        load(null);
    }

    public void search() {
        previousStarts.clear();
        load(null);
    }

    public void nextPage() {
        if (morePages && !rows.isEmpty()) {
            previousStarts.push(pageStart == null ? Long.MAX_VALUE : pageStart);
            load(rows.get(rows.size() - 1).id());
        }
    }

    public void previousPage() {
        if (!previousStarts.isEmpty()) {
            Long start = previousStarts.pop();
            load(start == Long.MAX_VALUE ? null : start);
        }
    }

    private void load(Long beforeId) {
        Instant from;
        Instant to;
        try {
            from = day(fromDay, 0);
            to = day(toDay, 1);
        } catch (DateTimeParseException e) {
            Messages.error("searchForm:from", "audit.badDay");
            return;
        }
        pageStart = beforeId;
        // one row more than shown tells whether a next page exists
        List<AuditRow> found = facade.auditTrail(new AuditQuery(actor, action, target, from, to, beforeId,
                PAGE_SIZE + 1));
        morePages = found.size() > PAGE_SIZE;
        rows = morePages ? found.subList(0, PAGE_SIZE) : found;
    }

    /** The start of the day, plus {@code days} days, in Rome; null for no day. */
    private static Instant day(String text, int days) {
        return text == null || text.isBlank() ? null
                : LocalDate.parse(text.strip()).plusDays(days).atStartOfDay(WebFormats.ROME).toInstant();
    }

    public List<AuditRow> getRows() {
        return rows;
    }

    public boolean isMorePages() {
        return morePages;
    }

    public boolean isFirstPage() {
        return previousStarts.isEmpty();
    }

    public String getActor() { return actor; }
    public void setActor(String actor) { this.actor = actor; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
    public String getFromDay() { return fromDay; }
    public void setFromDay(String fromDay) { this.fromDay = fromDay; }
    public String getToDay() { return toDay; }
    public void setToDay(String toDay) { this.toDay = toDay; }
}
