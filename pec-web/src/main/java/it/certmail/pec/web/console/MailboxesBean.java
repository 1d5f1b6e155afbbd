package it.certmail.pec.web.console;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.ConsoleViews.MailboxRow;
import it.certmail.pec.web.console.ConsoleViews.PlanChoice;

/**
 * The mailbox list, searched by address or holder prefix and paged by key (the last address of the page), so the
 * thousandth page costs what the first does; and the form that creates a mailbox.
 */
@Named("mailboxes")
@ViewScoped
public class MailboxesBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 25;

    @Inject
    ConsoleFacade facade;

    private String query;
    /** The address each earlier page started after: the way back. */
    private final Deque<String> previousStarts = new ArrayDeque<>();
    private String pageStart = "";
    private List<MailboxRow> rows = List.of();
    private boolean morePages;

    private String address;
    private String holderName;
    private String referenceEmail;
    private String webPassword;
    private String plan;

    @PostConstruct
    void firstPage() {
        load("");
    }

    public void search() {
        previousStarts.clear();
        load("");
    }

    public void nextPage() {
        if (morePages && !rows.isEmpty()) {
            previousStarts.push(pageStart);
            load(rows.get(rows.size() - 1).address());
        }
    }

    public void previousPage() {
        if (!previousStarts.isEmpty()) {
            load(previousStarts.pop());
        }
    }

    private void load(String after) {
        pageStart = after;
        // one row more than shown tells whether a next page exists
        List<MailboxRow> found = facade.searchMailboxes(query, after, PAGE_SIZE + 1);
        morePages = found.size() > PAGE_SIZE;
        rows = morePages ? found.subList(0, PAGE_SIZE) : found;
    }

    public String create() {
        try {
            String created = facade.createMailbox(address, webPassword, holderName, referenceEmail, plan);
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

    public String getPlan() {
        return plan;
    }

    public void setPlan(String plan) {
        this.plan = plan;
    }
}
