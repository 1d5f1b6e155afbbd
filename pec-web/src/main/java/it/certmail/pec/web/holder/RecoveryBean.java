package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.time.Duration;
import java.util.Optional;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.web.shared.PageMessages;

/**
 * Password dimenticata: the address, then the code sent to its reference e-mail, then a new web password. The
 * page never tells whether an address exists; code guesses are slowed like passwords.
 */
@Named("recovery")
@ViewScoped
public class RecoveryBean implements Serializable {

    private static final long serialVersionUID = 1L;

    enum Step { ADDRESS, CODE, PASSWORD }

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    HolderLoginGuard guard;

    private Step step = Step.ADDRESS;
    private String address;
    private String code;
    private String newPassword;

    public void sendCode() {
        Optional<Duration> wait = facade.requestRecoveryCode(address);
        if (wait.isPresent()) {
            PageMessages.error(null, "holder.code.wait", Math.max(1, wait.get().toMinutes()));
            return;
        }
        step = Step.CODE;
        PageMessages.info("holder.recover.sent");
    }

    public void confirmCode() {
        String client = ((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())
                .getRemoteAddr();
        Optional<Duration> wait = guard.begin(address, client);
        if (wait.isPresent()) {
            PageMessages.error(null, "login.wait", Math.max(1, wait.get().toSeconds()));
            return;
        }
        Optional<String> grant = facade.confirmRecoveryCode(address, code);
        code = null;
        if (grant.isEmpty()) {
            PageMessages.error("codeForm:code", "holder.code.wrong");
            return;
        }
        guard.succeeded(address, client);
        holder.recoveryGranted(address, grant.get());
        step = Step.PASSWORD;
    }

    public String setPassword() {
        try {
            facade.completeRecovery(holder.recoveryAddress(), holder.recoveryGrant(), newPassword);
        } catch (MailboxException e) {
            PageMessages.refusal("passwordForm:newPassword", e);
            return null;
        } finally {
            newPassword = null;
        }
        holder.recoveryDone();
        PageMessages.info("holder.recover.done");
        PageMessages.keepForRedirect();
        return "/my/login?faces-redirect=true";
    }

    public String getStep() {
        return step.name();
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }
}
