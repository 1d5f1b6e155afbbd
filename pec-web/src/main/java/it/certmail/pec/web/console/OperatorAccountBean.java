package it.certmail.pec.web.console;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.operator.domain.OperatorRequestException;

/**
 * The signed-in operator's own account: a new password given the current one. A wrong current password is slowed
 * and counted like a failed sign-in, so a left-open session is no way to guess it.
 */
@Named("operatorAccount")
@RequestScoped
public class OperatorAccountBean {

    @Inject
    ConsoleFacade facade;

    @Inject
    OperatorSession operator;

    @Inject
    OperatorLoginGuard guard;

    private String current;
    private String next;
    private String repeat;

    public String changePassword() {
        if (next == null || !next.equals(repeat)) {
            Messages.error("passwordForm:repeat", "account.password.mismatch");
            return null;
        }
        String address = ((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())
                .getRemoteAddr();
        Optional<Duration> wait = guard.begin(operator.getUser(), address);
        if (wait.isPresent()) {
            Messages.error(null, "login.wait", Math.max(1, wait.get().toSeconds()));
            return null;
        }
        try {
            if (!facade.changeOwnPassword(current, next)) {
                guard.refused();
                Messages.error("passwordForm:current", "account.password.wrong");
                return null;
            }
        } catch (OperatorRequestException e) {
            guard.passwordAccepted(operator.getUser(), address);
            Messages.errorText("passwordForm:next", Messages.text("error.invalid") + " " + e.getMessage());
            return null;
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
        guard.succeeded(operator.getUser(), address);
        Messages.info("account.password.changed");
        Messages.keepForRedirect();
        return "/console/account?faces-redirect=true";
    }

    /** The built-in admin's password is configuration, not a form. */
    public boolean isBuiltInAdmin() {
        return "admin".equals(operator.getUser());
    }

    public String getCurrent() {
        return current;
    }

    public void setCurrent(String current) {
        this.current = current;
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }

    public String getRepeat() {
        return repeat;
    }

    public void setRepeat(String repeat) {
        this.repeat = repeat;
    }
}
