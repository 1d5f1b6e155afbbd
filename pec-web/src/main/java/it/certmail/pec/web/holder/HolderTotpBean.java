package it.certmail.pec.web.holder;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxUsersService;
import it.certmail.pec.web.shared.PageMessages;

/**
 * The second sign-in step of a mailbox with TOTP (a code of the app, or one recovery code), and of an additional
 * user who enrolled an own TOTP app (a code of it).
 */
@Named("holderTotp")
@RequestScoped
public class HolderTotpBean {

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    @Inject
    HolderLoginGuard guard;

    @Inject
    MailboxUsersService users;

    private String code;

    public String confirm() {
        String address = holder.awaitingCode();
        HttpServletRequest request = (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext()
                .getRequest();
        String client = request.getRemoteAddr();
        // counted before the check: codes posted in parallel cannot all pass it
        Optional<Duration> wait = guard.begin(address, client);
        if (wait.isPresent()) {
            PageMessages.error(null, "login.wait", Math.max(1, wait.get().toSeconds()));
            return null;
        }
        Long userId = holder.awaitingUserId();
        boolean accepted;
        try {
            accepted = address != null
                    && (userId != null ? users.verifyTotp(userId, code) : facade.verifySecondFactor(address, code));
        } catch (MailboxException e) {
            accepted = false;
        }
        if (!accepted) {
            guard.refused();
            PageMessages.error("totp:code", "holder.totp.wrong");
            return null;
        }
        guard.succeeded(address, client);
        request.changeSessionId(); // the session seen before the code opens nothing
        if (userId != null) {
            holder.userCodeAccepted();
        } else {
            holder.signedIn(address);
        }
        return HolderSignInBean.afterSignIn(holder);
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }
}
