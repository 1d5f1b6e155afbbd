package it.certmail.pec.web.console;

import java.io.Serializable;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.web.console.ConsoleViews.MailboxDetail;

/** One mailbox: status, plan, dates, usage; a new client password, shown once on this view and never again. */
@Named("mailbox")
@ViewScoped
public class MailboxBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ConsoleFacade facade;

    private String address;
    private MailboxDetail detail;
    private ConsoleViews.MailboxAccount account;
    private String newClientPassword;
    private boolean acceptOrdinaryMail;
    private boolean blockNonPecRecipients;
    private String status;

    /** The view action: loads the mailbox named by the {@code address} parameter. */
    public void load() {
        if (detail != null) {
            return;
        }
        try {
            show(facade.mailbox(address));
        } catch (MailboxException e) {
            FacadeErrors.show(null, e);
        }
    }

    private void show(MailboxDetail d) {
        detail = d;
        account = facade.mailboxAccount(d.address());
        acceptOrdinaryMail = d.acceptOrdinaryMail();
        blockNonPecRecipients = d.blockNonPecRecipients();
        status = d.status();
    }

    public void saveOptions() {
        try {
            show(facade.updateMailbox(detail.address(), acceptOrdinaryMail, blockNonPecRecipients, status));
            Messages.info("mailbox.options.saved");
        } catch (MailboxException e) {
            FacadeErrors.show("optionsForm:status", e);
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
        }
    }

    public void suspend() {
        changeStatus(MailboxStatus.DISABLED, "mailbox.suspended");
    }

    public void revoke() {
        changeStatus(MailboxStatus.CLOSED, "mailbox.revoked");
    }

    public void reactivate() {
        changeStatus(MailboxStatus.ACTIVE, "mailbox.reactivated");
    }

    private void changeStatus(MailboxStatus status, String doneKey) {
        try {
            show(facade.changeStatus(detail.address(), status));
            Messages.info(doneKey);
        } catch (MailboxException e) {
            FacadeErrors.show(null, e);
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
        }
    }

    public String getAddOnsText() {
        return account == null ? "" : String.join(", ", account.addOns());
    }

    public ConsoleViews.MailboxAccount getAccount() {
        return account;
    }

    /** Cents as an amount in euro, in the page language. */
    public String euro(long cents) {
        java.text.NumberFormat f = java.text.NumberFormat.getCurrencyInstance(
                jakarta.faces.context.FacesContext.getCurrentInstance().getViewRoot().getLocale());
        f.setCurrency(java.util.Currency.getInstance("EUR"));
        return f.format(java.math.BigDecimal.valueOf(cents, 2));
    }

    public java.util.List<String> getStatuses() {
        return ConsoleFacade.statuses();
    }

    public boolean isAcceptOrdinaryMail() {
        return acceptOrdinaryMail;
    }

    public void setAcceptOrdinaryMail(boolean acceptOrdinaryMail) {
        this.acceptOrdinaryMail = acceptOrdinaryMail;
    }

    public boolean isBlockNonPecRecipients() {
        return blockNonPecRecipients;
    }

    public void setBlockNonPecRecipients(boolean blockNonPecRecipients) {
        this.blockNonPecRecipients = blockNonPecRecipients;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public void generateClientPassword() {
        try {
            newClientPassword = facade.newClientPassword(detail.address());
            show(facade.mailbox(detail.address()));
            Messages.info("mailbox.clientPassword.generated");
        } catch (MailboxException e) {
            FacadeErrors.show(null, e);
        } catch (NotAllowedException e) {
            FacadeErrors.refused();
        }
    }

    public MailboxDetail getDetail() {
        return detail;
    }

    public String getNewClientPassword() {
        return newClientPassword;
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }
}
