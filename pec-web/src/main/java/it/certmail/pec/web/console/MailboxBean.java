package it.certmail.pec.web.console;

import java.io.Serializable;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
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
    private String newClientPassword;

    /** The view action: loads the mailbox named by the {@code address} parameter. */
    public void load() {
        if (detail != null) {
            return;
        }
        try {
            detail = facade.mailbox(address);
        } catch (MailboxException e) {
            FacadeErrors.show(null, e);
        }
    }

    public void generateClientPassword() {
        try {
            newClientPassword = facade.newClientPassword(detail.address());
            detail = facade.mailbox(detail.address());
            Messages.info("mailbox.clientPassword.generated");
        } catch (MailboxException e) {
            FacadeErrors.show(null, e);
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
