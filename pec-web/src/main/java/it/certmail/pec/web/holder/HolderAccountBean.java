package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.web.holder.HolderViews.Dashboard;
import it.certmail.pec.web.holder.HolderViews.OrderRow;
import it.certmail.pec.web.shared.PageMessages;

/**
 * Account: orders and invoices, automatic renewal, the client password (shown once), the web password, the
 * reference e-mail (changed after a code sent to the new address is confirmed), and withdrawal with its
 * consequences stated before confirming.
 */
@Named("account")
@ViewScoped
public class HolderAccountBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    private Dashboard dashboard;
    private List<OrderRow> orders;
    private String newClientPassword;
    private String newWebPassword;
    private String newReferenceEmail;
    private String referenceCode;
    private boolean referenceCodeSent;
    private boolean withdrawalUnderstood;

    public Dashboard getDashboard() {
        if (dashboard == null) {
            try {
                dashboard = facade.dashboard(holder.getCurrent());
            } catch (MailboxException e) {
                PageMessages.refusal(null, e);
            }
        }
        return dashboard;
    }

    public List<OrderRow> getOrders() {
        if (orders == null) {
            orders = facade.orders(holder.getCurrent());
        }
        return orders;
    }

    public void toggleAutoRenew() {
        try {
            boolean on = !getDashboard().autoRenew();
            facade.autoRenew(holder.getCurrent(), on);
            dashboard = null;
            PageMessages.info(on ? "holder.autoRenew.on" : "holder.autoRenew.off");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public void generateClientPassword() {
        try {
            newClientPassword = facade.newClientPassword(holder.getCurrent());
            dashboard = null;
            PageMessages.info("holder.clientPassword.generated");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public void changeWebPassword() {
        try {
            facade.changeWebPassword(holder.getCurrent(), newWebPassword);
            PageMessages.info("holder.webPassword.changed");
        } catch (MailboxException e) {
            PageMessages.refusal("webPasswordForm:newWebPassword", e);
        }
        newWebPassword = null;
    }

    public void sendReferenceCode() {
        try {
            Optional<Duration> wait = facade.requestReferenceChange(holder.getCurrent(), newReferenceEmail);
            if (wait.isPresent()) {
                PageMessages.error(null, "holder.code.wait", Math.max(1, wait.get().toMinutes()));
                return;
            }
            referenceCodeSent = true;
            PageMessages.info("holder.reference.codeSent", newReferenceEmail);
        } catch (MailboxException e) {
            PageMessages.refusal("referenceForm:newReferenceEmail", e);
        }
    }

    public void confirmReference() {
        try {
            if (!facade.confirmReferenceChange(holder.getCurrent(), newReferenceEmail, referenceCode)) {
                PageMessages.error("referenceForm:referenceCode", "holder.code.wrong");
                return;
            }
            referenceCodeSent = false;
            referenceCode = null;
            dashboard = null;
            PageMessages.info("holder.reference.changed", newReferenceEmail);
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    public String withdraw() {
        if (!withdrawalUnderstood) {
            PageMessages.error("withdrawForm:understood", "holder.withdraw.confirmFirst");
            return null;
        }
        String address = holder.getCurrent();
        try {
            facade.withdraw(address);
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
            return null;
        }
        holder.forget(address);
        if (!holder.isSignedIn()) {
            FacesContext.getCurrentInstance().getExternalContext().invalidateSession();
            return "/my/login?faces-redirect=true&withdrawn=true";
        }
        PageMessages.info("holder.withdraw.done", address);
        PageMessages.keepForRedirect();
        return "/my/index?faces-redirect=true";
    }

    public String getNewClientPassword() {
        return newClientPassword;
    }

    public String getNewWebPassword() {
        return newWebPassword;
    }

    public void setNewWebPassword(String newWebPassword) {
        this.newWebPassword = newWebPassword;
    }

    public String getNewReferenceEmail() {
        return newReferenceEmail;
    }

    public void setNewReferenceEmail(String newReferenceEmail) {
        this.newReferenceEmail = newReferenceEmail;
    }

    public String getReferenceCode() {
        return referenceCode;
    }

    public void setReferenceCode(String referenceCode) {
        this.referenceCode = referenceCode;
    }

    public boolean isReferenceCodeSent() {
        return referenceCodeSent;
    }

    public boolean isWithdrawalUnderstood() {
        return withdrawalUnderstood;
    }

    public void setWithdrawalUnderstood(boolean withdrawalUnderstood) {
        this.withdrawalUnderstood = withdrawalUnderstood;
    }
}
