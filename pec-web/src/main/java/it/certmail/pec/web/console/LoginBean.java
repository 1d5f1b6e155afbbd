package it.certmail.pec.web.console;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import it.certmail.pec.operator.service.OperatorAccounts;

/** First sign-in step: user and password; then the TOTP page (enrolment on the first login). */
@Named
@RequestScoped
public class LoginBean {

    @Inject
    OperatorAccounts accounts;

    @Inject
    OperatorSession operator;

    @Inject
    OperatorLoginGuard guard;

    private String user;
    private String password;

    public String signIn() {
        HttpServletRequest request = request();
        String address = request.getRemoteAddr();
        // counted before the check: guesses posted in parallel cannot all pass it
        Optional<Duration> wait = guard.begin(user, address);
        if (wait.isPresent()) {
            Messages.error(null, "login.wait", Math.max(1, wait.get().toSeconds()));
            return null;
        }
        Optional<OperatorAccounts.SignedIn> signedIn = accounts.authenticate(user, password);
        if (signedIn.isEmpty()) {
            // one answer for a wrong user and a wrong password: the form does not tell which accounts exist
            guard.refused();
            Messages.error("login:password", "login.failed");
            return null;
        }
        guard.passwordAccepted(user, address);
        request.changeSessionId(); // no session fixation across the sign-in
        operator.passwordAccepted(signedIn.get().user(), signedIn.get().role());
        return "/console/totp?faces-redirect=true";
    }

    /** Signs out: the whole session goes, then the sign-in page. */
    public String signOut() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.invalidateSession();
        return "/console/login?faces-redirect=true&signedOut=true";
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
