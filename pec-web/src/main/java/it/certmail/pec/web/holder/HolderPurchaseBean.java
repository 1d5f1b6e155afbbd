package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.web.holder.HolderViews.OrderRow;
import it.certmail.pec.web.holder.HolderViews.PlanChoice;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.WebFormats;

/**
 * Acquisto: another mailbox for the same holder (its address, plan, term and web password), paid now with the
 * stored payment method of the mailbox the session has open; and that payment method, shown masked and replaced.
 * The purchase form carries a one-time token, so a form posted twice buys once.
 */
@Named("purchase")
@ViewScoped
public class HolderPurchaseBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    WebFormats formats;

    private String address;
    private String plan = "standard";
    private int years = 1;
    private String webPassword;
    private String formToken;
    private String newPaymentToken;
    private String paymentMethod;
    private boolean paymentMethodRead;

    @PostConstruct
    void init() {
        formToken = holder.formTokens().issue();
    }

    public String buyMailbox() {
        if (!holder.formTokens().redeem(formToken)) {
            PageMessages.error(null, "holder.form.used");
            return null;
        }
        try {
            OrderRow order = facade.buyMailbox(holder.getCurrent(), address, webPassword, plan, years);
            String bought = address.strip().toLowerCase(java.util.Locale.ROOT);
            holder.bought(bought);
            PageMessages.info("holder.buy.done", bought, formats.money(order.total()));
            PageMessages.keepForRedirect();
            return "/my/account?faces-redirect=true";
        } catch (MailboxException e) {
            holder.formTokens().giveBack(formToken);
            PageMessages.refusal("buyForm:address", e);
            return null;
        }
    }

    public void savePaymentMethod() {
        try {
            facade.replacePaymentMethod(holder.getCurrent(), newPaymentToken);
            newPaymentToken = null;
            paymentMethodRead = false;
            PageMessages.info("holder.payment.saved");
        } catch (MailboxException e) {
            PageMessages.refusal("paymentForm:token", e);
        }
    }

    /** The stored method, masked; {@code null} when there is none. */
    public String getPaymentMethod() {
        if (!paymentMethodRead) {
            try {
                paymentMethod = facade.paymentMethod(holder.getCurrent()).orElse(null);
            } catch (MailboxException e) {
                paymentMethod = null;
            }
            paymentMethodRead = true;
        }
        return paymentMethod;
    }

    public List<PlanChoice> getPlans() {
        return facade.plans();
    }

    public List<Integer> getTerms() {
        return List.of(1, 2, 3, 4, 5);
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
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

    public String getWebPassword() {
        return webPassword;
    }

    public void setWebPassword(String webPassword) {
        this.webPassword = webPassword;
    }

    public String getFormToken() {
        return formToken;
    }

    public void setFormToken(String formToken) {
        this.formToken = formToken;
    }

    public String getNewPaymentToken() {
        return newPaymentToken;
    }

    public void setNewPaymentToken(String newPaymentToken) {
        this.newPaymentToken = newPaymentToken;
    }
}
