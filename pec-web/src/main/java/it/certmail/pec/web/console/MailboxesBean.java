package it.certmail.pec.web.console;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxSearch;
import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.ConsoleViews.MailboxRow;
import it.certmail.pec.web.console.ConsoleViews.PlanChoice;

/**
 * The mailbox list, searched by address or holder prefix, filtered by status and plan, sorted by address or creation
 * date and paged by key (the last row's sort key), so the thousandth page costs what the first does; and the form
 * that creates a mailbox.
 */
@Named("mailboxes")
@ViewScoped
public class MailboxesBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 25;
    /** 1000 lines of a few fields each fit well within this. */
    static final long CSV_MAX_BYTES = 512 * 1024;

    @Inject
    ConsoleFacade facade;

    private String query;
    private String status;
    private String plan;
    private String sort = MailboxSearch.Sort.ADDRESS_ASC.name();
    /** Where each earlier page started after (empty: the first page): the way back. */
    private final Deque<Optional<MailboxSearch.Cursor>> previousStarts = new ArrayDeque<>();
    private MailboxSearch.Cursor pageStart;
    private List<MailboxRow> rows = List.of();
    private boolean morePages;

    private String address;
    private String holderName;
    private String referenceEmail;
    private String webPassword;
    private String newPlan;
    /** The uploaded CSV: a request's part, never kept in the view. */
    private transient jakarta.servlet.http.Part csvFile;
    private List<ConsoleViews.CsvRowResult> csvReport = List.of();

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
            previousStarts.push(Optional.ofNullable(pageStart));
            MailboxRow last = rows.get(rows.size() - 1);
            load(new MailboxSearch.Cursor(last.address(), last.createdAt()));
        }
    }

    public void previousPage() {
        if (!previousStarts.isEmpty()) {
            load(previousStarts.pop().orElse(null));
        }
    }

    private void load(MailboxSearch.Cursor after) {
        pageStart = after;
        // one row more than shown tells whether a next page exists
        List<MailboxRow> found = facade.searchMailboxes(query, status, plan, sort, after, PAGE_SIZE + 1);
        morePages = found.size() > PAGE_SIZE;
        rows = morePages ? found.subList(0, PAGE_SIZE) : found;
    }

    public String create() {
        try {
            String created = facade.createMailbox(address, webPassword, holderName, referenceEmail, newPlan);
            Messages.info("mailboxes.created", created);
            Messages.keepForRedirect();
            return "/console/mailbox?faces-redirect=true&address=" + java.net.URLEncoder.encode(created,
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (MailboxException e) {
            FacadeErrors.show("createForm:address", e);
            return null;
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
    }

    /** Creates the mailboxes of the uploaded CSV and shows a report line per line of the file. */
    public void uploadCsv() {
        if (csvFile == null || csvFile.getSize() == 0) {
            Messages.error("csvForm:file", "mailboxes.csv.empty");
            return;
        }
        if (csvFile.getSize() > CSV_MAX_BYTES) {
            Messages.error("csvForm:file", "mailboxes.csv.tooBig", CSV_MAX_BYTES / 1024);
            return;
        }
        try (java.io.InputStream in = csvFile.getInputStream()) {
            csvReport = facade.createMailboxes(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            long created = csvReport.stream().filter(ConsoleViews.CsvRowResult::created).count();
            Messages.info("mailboxes.csv.done", created, csvReport.size() - created);
            search();
        } catch (java.io.IOException e) {
            Messages.errorText("csvForm:file", e.getMessage());
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
        }
    }

    public List<ConsoleViews.CsvRowResult> getCsvReport() {
        return csvReport;
    }

    public jakarta.servlet.http.Part getCsvFile() {
        return csvFile;
    }

    public void setCsvFile(jakarta.servlet.http.Part csvFile) {
        this.csvFile = csvFile;
    }

    public List<PlanChoice> getPlans() {
        return facade.plans();
    }

    public List<MailboxRow> getRows() {
        return rows;
    }

    public boolean isMorePages() {
        return morePages;
    }

    public boolean isFirstPage() {
        return previousStarts.isEmpty();
    }

    public String getQuery() {
        return query;
    }

    public void setQuery(String query) {
        this.query = query;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getHolderName() {
        return holderName;
    }

    public void setHolderName(String holderName) {
        this.holderName = holderName;
    }

    public String getReferenceEmail() {
        return referenceEmail;
    }

    public void setReferenceEmail(String referenceEmail) {
        this.referenceEmail = referenceEmail;
    }

    public String getWebPassword() {
        return webPassword;
    }

    public void setWebPassword(String webPassword) {
        this.webPassword = webPassword;
    }

    /** The plan of the mailbox being created. */
    public String getNewPlan() {
        return newPlan;
    }

    public void setNewPlan(String newPlan) {
        this.newPlan = newPlan;
    }

    /** The plan the list is filtered by (blank: any). */
    public String getPlan() {
        return plan;
    }

    public void setPlan(String plan) {
        this.plan = plan;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getSort() {
        return sort;
    }

    public void setSort(String sort) {
        this.sort = sort;
    }

    public List<String> getSorts() {
        return java.util.Arrays.stream(MailboxSearch.Sort.values()).map(Enum::name).toList();
    }

    public List<String> getStatuses() {
        return ConsoleFacade.statuses();
    }
}
