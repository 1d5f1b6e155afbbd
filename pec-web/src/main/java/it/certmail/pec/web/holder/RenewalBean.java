package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.web.holder.HolderViews.OrderRow;
import it.certmail.pec.web.holder.HolderViews.PlanChangeQuote;
import it.certmail.pec.web.holder.HolderViews.PlanChoice;
import it.certmail.pec.web.holder.HolderViews.Quote;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.WebFormats;

/**
 * Rinnovo: 1 to 5 years, the same or another plan (the renewal's own fit rules), a discount code checked before
 * paying, and extra space. The page may name a mailbox ({@code ?mailbox=}, the expiry e-mail's quick-renewal
 * link): only one this session proved. Each rendered form carries a token, so a form posted twice pays once.
 */
@Named("renewal")
@ViewScoped
public class RenewalBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderFacade facade;

    @Inject
    WebFormats formats;

    @Inject
    HolderSession holder;

    private String mailbox;
    private boolean refused;
    private String plan;
    private int years = 1;
    private String discountCode;
    private Quote quote;
    private int extraGb = 1;
    private String addOnKind = "EXTRA_GB";
    private String formToken;
    private String extraFormToken;
    private String changePlanCode;
    private String changeDiscountCode;
    private PlanChangeQuote changeQuote;
    private String changeFormToken;

    @PostConstruct
    void init() {
        formToken = holder.formTokens().issue();
        extraFormToken = holder.formTokens().issue();
        changeFormToken = holder.formTokens().issue();
    }

    /** The view action: the mailbox named in the address, if any, must be one of the session's. */
    public void load() {
        if (mailbox != null && !mailbox.isBlank() && !holder.switchTo(mailbox.strip().toLowerCase(java.util.Locale.ROOT))) {
            refused = true;
            FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(403);
            PageMessages.error(null, "holder.notYours");
            return;
        }
        if (plan == null) {
            plan = facade.currentPlan(holder.getCurrent()).orElse(null);
        }
    }

    /** Prices the choice without paying: whether the code is valid, for which plan, and what it takes off. */
    public void check() {
        quote = null;
        try {
            quote = facade.quote(holder.getCurrent(), plan, years, discountCode);
            if (quote.discountCode() != null) {
                PageMessages.info("holder.renew.codeValid", quote.discountCode(), quote.planName(),
                        formats.money(quote.discount()));
            }
        } catch (MailboxException e) {
            PageMessages.refusal("renewForm:discountCode", e);
        }
    }

    public String pay() {
        if (!holder.formTokens().redeem(formToken)) {
            PageMessages.error(null, "holder.form.used");
            return null;
        }
        try {
            OrderRow order = facade.renew(holder.getCurrent(), plan, years, discountCode);
            PageMessages.info("holder.renew.done", order.description(), formats.money(order.total()));
            PageMessages.keepForRedirect();
            return "/my/account?faces-redirect=true";
        } catch (MailboxException e) {
            // refused before anything was bought (a declined payment is recorded, not an order): may try again
            holder.formTokens().giveBack(formToken);
            PageMessages.refusal(null, e);
            return null;
        }
    }

    /** Prices a plan change now, before paying: an upgrade's difference, or whether a downgrade fits. */
    public void checkPlanChange() {
        changeQuote = null;
        try {
            changeQuote = facade.quotePlanChange(holder.getCurrent(), changePlanCode, changeDiscountCode);
        } catch (MailboxException e) {
            PageMessages.refusal("changeForm:changePlan", e);
        }
    }

    public String changePlan() {
        if (!holder.formTokens().redeem(changeFormToken)) {
            PageMessages.error(null, "holder.form.used");
            return null;
        }
        try {
            OrderRow order = facade.changePlan(holder.getCurrent(), changePlanCode, changeDiscountCode);
            PageMessages.info("holder.renew.done", order.description(), formats.money(order.total()));
            PageMessages.keepForRedirect();
            return "/my/account?faces-redirect=true";
        } catch (MailboxException e) {
            holder.formTokens().giveBack(changeFormToken);
            PageMessages.refusal(null, e);
            return null;
        }
    }

    public PlanChangeQuote getChangeQuote() {
        return changeQuote;
    }

    public String getChangePlanCode() {
        return changePlanCode;
    }

    public void setChangePlanCode(String changePlanCode) {
        this.changePlanCode = changePlanCode;
    }

    public String getChangeDiscountCode() {
        return changeDiscountCode;
    }

    public void setChangeDiscountCode(String changeDiscountCode) {
        this.changeDiscountCode = changeDiscountCode;
    }

    public String getChangeFormToken() {
        return changeFormToken;
    }

    public void setChangeFormToken(String changeFormToken) {
        this.changeFormToken = changeFormToken;
    }

    public String buyExtraSpace() {
        if (!holder.formTokens().redeem(extraFormToken)) {
            PageMessages.error(null, "holder.form.used");
            return null;
        }
        try {
            OrderRow order = facade.buyAddOn(holder.getCurrent(), addOnKind, extraGb);
            PageMessages.info("holder.renew.done", order.description(), formats.money(order.total()));
            PageMessages.keepForRedirect();
            return "/my/account?faces-redirect=true";
        } catch (MailboxException e) {
            holder.formTokens().giveBack(extraFormToken);
            PageMessages.refusal("extraForm:extraGb", e);
            return null;
        }
    }

    /** The add-ons the current plan sells. */
    public List<String> getAddOnKinds() {
        return facade.addOnKinds(holder.getCurrent());
    }

    public List<String> getRunningAddOns() {
        return facade.runningAddOns(holder.getCurrent());
    }

    public String getAddOnKind() {
        return addOnKind;
    }

    public void setAddOnKind(String addOnKind) {
        this.addOnKind = addOnKind;
    }

    public List<PlanChoice> getPlans() {
        return facade.plans();
    }

    public List<Integer> getTerms() {
        return List.of(1, 2, 3, 4, 5);
    }

    public boolean isRefused() {
        return refused;
    }

    public Quote getQuote() {
        return quote;
    }

    public String getMailbox() {
        return mailbox;
    }

    public void setMailbox(String mailbox) {
        this.mailbox = mailbox;
    }

    public String getPlan() {
        return plan;
    }

    public void setPlan(String plan) {
        this.plan = plan;
    }

    public int getYears() {
        return years;
    }

    public void setYears(int years) {
        this.years = years;
    }

    public String getDiscountCode() {
        return discountCode;
    }

    public void setDiscountCode(String discountCode) {
        this.discountCode = discountCode;
    }

    public int getExtraGb() {
        return extraGb;
    }

    public void setExtraGb(int extraGb) {
        this.extraGb = extraGb;
    }

    public String getFormToken() {
        return formToken;
    }

    /** Posted back by the form; the bean keeps the one it issued only when the view is the same. */
    public void setFormToken(String formToken) {
        this.formToken = formToken;
    }

    public String getExtraFormToken() {
        return extraFormToken;
    }

    public void setExtraFormToken(String extraFormToken) {
        this.extraFormToken = extraFormToken;
    }
}
