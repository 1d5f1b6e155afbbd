package it.certmail.pec.web.holder;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import it.certmail.pec.mailbox.service.MailboxUsersService;
import it.certmail.pec.mailbox.service.MailboxUsersService.SignedInUser;
import it.certmail.pec.web.shared.PageMessages;

/** Sign-in with the PEC address and its web password; adding another mailbox; switching; signing out. */
@Named("holderLogin")
@RequestScoped
public class HolderSignInBean {

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    HolderLoginGuard guard;

    @Inject
    MailboxUsersService users;

    private String address;
    private String password;
    private String switchTo;

    public String signIn() {
        return check("login:password") ? next() : null;
    }

    /** The code page when the mailbox has a second factor; else the page asked for before, or the dashboard. */
    private String next() {
        return holder.awaitingCode() != null ? "/my/totp?faces-redirect=true" : afterSignIn(holder);
    }

    /** Redirects to the page asked for before the sign-in, if any (then no outcome); else the dashboard. */
    static String afterSignIn(HolderSession holder) {
        String page = holder.takeReturnTo();
        if (holder.isActingUser() && (page == null || !page.startsWith(HolderAccessFilter.MAIL))) {
            return "/my/mail/index?faces-redirect=true"; // an additional user sees the webmail only
        }
        if (page == null) {
            return "/my/index?faces-redirect=true";
        }
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        try {
            external.redirect(external.getRequestContextPath() + page);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return null;
    }

    /** Another mailbox of the same holder into this session, proven with its own web password. */
    public String addMailbox() {
        if (!check("addForm:password")) {
            return null;
        }
        if (holder.awaitingCode() == null) {
            PageMessages.info("holder.add.done", holder.getCurrent());
            PageMessages.keepForRedirect();
        }
        return next();
    }

    private boolean check(String passwordField) {
        HttpServletRequest request = request();
        String client = request.getRemoteAddr();
        // counted before the check: guesses posted in parallel cannot all pass it
        Optional<Duration> wait = guard.begin(address, client);
        if (wait.isPresent()) {
            PageMessages.error(null, "login.wait", Math.max(1, wait.get().toSeconds()));
            return false;
        }
        Optional<String> mailbox = facade.authenticate(address, password);
        if (mailbox.isEmpty() && passwordField.startsWith("login:")) {
            // not a mailbox's web password: an additional user's own login and password, on the sign-in page only
            Optional<SignedInUser> user = users.authenticate(address, password);
            if (user.isPresent()) {
                request.changeSessionId();
                SignedInUser u = user.get();
                if (users.totpEnrolled(u.id())) {
                    guard.passwordAccepted(address, client);
                    holder.userPasswordAccepted(u.id(), u.login(), u.mailbox());
                } else {
                    guard.succeeded(address, client);
                    holder.signedInAsUser(u.id(), u.login(), u.mailbox());
                }
                return true;
            }
        }
        if (mailbox.isEmpty()) {
            // one answer for an unknown address, a wrong password and the client password: nothing to learn here
            guard.refused();
            PageMessages.error(passwordField, "holder.login.failed");
            return false;
        }
        request.changeSessionId(); // no session fixation across the sign-in
        if (facade.secondFactorEnrolled(mailbox.get())) {
            guard.passwordAccepted(address, client);
            holder.passwordAccepted(mailbox.get());
        } else {
            guard.succeeded(address, client);
            holder.signedIn(mailbox.get());
        }
        return true;
    }

    /** Shows another mailbox of this session; a mailbox the session did not prove is refused. */
    public String switchMailbox() {
        if (!holder.switchTo(switchTo)) {
            FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(403);
            PageMessages.error(null, "holder.notYours");
            return null;
        }
        return "/my/index?faces-redirect=true";
    }

    public String signOut() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.invalidateSession();
        return "/my/login?faces-redirect=true&signedOut=true";
    }

    private static HttpServletRequest request() {
        return (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    }

    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    private Boolean downloadOnly;

    /** Whether the open mailbox is withdrawn (download-only until its deletion): the navigation then hides renewal and webmail. */
    public boolean isDownloadOnly() {
        if (downloadOnly == null) {
            downloadOnly = facade.downloadOnly(holder.getCurrent());
        }
        return downloadOnly;
    }

    public String getSwitchTo() {
        return switchTo == null ? holder.getCurrent() : switchTo;
    }

    public void setSwitchTo(String switchTo) {
        this.switchTo = switchTo;
    }
}
