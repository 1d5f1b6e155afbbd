package it.certmail.pec.web.holder;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.web.holder.HolderViews.ExtractRow;
import it.certmail.pec.web.holder.HolderViews.LogRow;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.WebFormats;

/**
 * Rapporti: the usage report (per month: sent, received, anomalies) and the official-log extract of the holder's own
 * transmissions over a chosen period (dates in Europe/Rome, both days included), on the page and as CSV.
 */
@Named("reports")
@ViewScoped
public class ReportsBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    Clock clock;

    private LocalDate from;
    private LocalDate to;
    private List<LogRow> rows;
    private List<UsageReport.Month> usage;
    private List<ExtractRow> extracts;

    /** The last twelve months up to today, until the holder picks a period. */
    public void load() {
        if (to == null) {
            to = LocalDate.ofInstant(clock.instant(), WebFormats.ROME);
            from = to.minusMonths(12).plusDays(1);
        }
    }

    public void show() {
        rows = null;
        usage = null;
        if (from.isAfter(to)) {
            PageMessages.error("periodForm:from", "holder.reports.badPeriod");
            return;
        }
        rows = facade.logExtract(holder.getCurrent(), start(), end());
        usage = UsageReport.of(rows.stream().map(r -> new UsageReport.Entry(r.at(), r.type(), r.sender(),
                r.recipients())).toList(), holder.getCurrent(), WebFormats.ROME);
        if (rows.size() >= HolderFacade.MAX_LOG_ROWS) {
            PageMessages.info("holder.reports.truncated", HolderFacade.MAX_LOG_ROWS);
        }
    }

    /** The extract as a CSV download, answered in place of the page. */
    public void downloadCsv() throws IOException {
        if (from.isAfter(to)) {
            PageMessages.error("periodForm:from", "holder.reports.badPeriod");
            return;
        }
        byte[] csv = LogExtractCsv.of(facade.logExtract(holder.getCurrent(), start(), end()))
                .getBytes(StandardCharsets.UTF_8);
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.responseReset();
        external.setResponseContentType("text/csv; charset=UTF-8");
        external.setResponseContentLength(csv.length);
        external.setResponseHeader("Content-Disposition", "attachment; filename=\"registro-"
                + holder.getCurrent().replaceAll("[^A-Za-z0-9@._-]", "_") + "-" + from + "-" + to + ".csv\"");
        external.getResponseOutputStream().write(csv);
        faces.responseComplete();
    }

    /**
     * Asks for the signed PDF extract of the period and lists it with the others: made at once when small, else
     * queued for the background job (the list then shows its progress and refreshes itself until it is ready).
     */
    public void requestSignedExtract() {
        if (from.isAfter(to)) {
            PageMessages.error("periodForm:from", "holder.reports.badPeriod");
            return;
        }
        ExtractRow made = facade.requestSignedExtract(holder.getCurrent(), holder.getActor(), start(), end(),
                HolderAccountBean.pageLanguage());
        extracts = null;
        if (made.isPending()) {
            PageMessages.info("holder.extractJob.queued", Long.toString(made.id()), made.progress().total());
            return;
        }
        PageMessages.info("holder.documents.extract.made", Long.toString(made.id()), made.entries());
        if (made.entries() >= HolderFacade.MAX_LOG_ROWS) {
            PageMessages.info("holder.reports.truncated", HolderFacade.MAX_LOG_ROWS);
        }
    }

    /** Whether an extract is queued or being made: the list then refreshes itself every few seconds. */
    public boolean isAnyPending() {
        return getExtracts().stream().anyMatch(ExtractRow::isPending);
    }

    /** The poll's listener: read the list again (progress, status). */
    public void refreshExtracts() {
        extracts = null;
    }

    public List<ExtractRow> getExtracts() {
        if (extracts == null) {
            extracts = facade.extracts(holder.getCurrent());
        }
        return extracts;
    }

    private Instant start() {
        return from.atStartOfDay(WebFormats.ROME).toInstant();
    }

    private Instant end() {
        return to.plusDays(1).atStartOfDay(WebFormats.ROME).toInstant();
    }

    public List<LogRow> getRows() {
        return rows;
    }

    public List<UsageReport.Month> getUsage() {
        return usage;
    }

    public LocalDate getFrom() {
        return from;
    }

    public void setFrom(LocalDate from) {
        this.from = from;
    }

    public LocalDate getTo() {
        return to;
    }

    public void setTo(LocalDate to) {
        this.to = to;
    }
}
