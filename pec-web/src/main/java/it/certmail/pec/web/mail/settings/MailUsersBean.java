package it.certmail.pec.web.mail.settings;

import java.io.Serializable;
import java.util.List;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxUsersService;
import it.certmail.pec.mailbox.service.MailboxUsersService.Seats;
import it.certmail.pec.mailbox.service.MailboxUsersService.SentRow;
import it.certmail.pec.mailbox.service.MailboxUsersService.UserRow;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.shared.PageMessages;

/**
 * Utenti aggiuntivi on the settings page, for the holder only: the seats the USER_SEAT add-on gives, the users
 * invited (each with a first web password shown here once), their revocation, and the trail of who sent what.
 */
@Named("mailUsers")
@ViewScoped
public class MailUsersBean implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    MailboxUsersService users;

    @Inject
    HolderSession holder;

    private String login;
    private String invitedLogin;
    private String initialPassword;
    private transient Seats seats;
    private transient List<UserRow> rows;
    private transient List<SentRow> trail;

    /** An additional user sees none of this, and may change none of it. */
    public boolean isShown() {
        return !holder.isActingUser();
    }

    private boolean refused() {
        if (isShown()) {
            return false;
        }
        FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(403);
        PageMessages.error(null, "mailUsers.holderOnly");
        return true;
    }

    public Seats getSeats() {
        if (seats == null && isShown()) {
            try {
                seats = users.seats(holder.getCurrent());
            } catch (MailboxException e) {
                seats = new Seats(0, 0);
            }
        }
        return seats;
    }

    public List<UserRow> getUsers() {
        if (rows == null) {
            rows = List.of();
            if (isShown()) {
                try {
                    rows = users.users(holder.getCurrent());
                } catch (MailboxException e) {
                    PageMessages.refusal(null, e);
                }
            }
        }
        return rows;
    }

    public List<SentRow> getTrail() {
        if (trail == null) {
            trail = List.of();
            if (isShown()) {
                try {
                    trail = users.trail(holder.getCurrent());
                } catch (MailboxException e) {
                    PageMessages.refusal(null, e);
                }
            }
        }
        return trail;
    }

    public void invite() {
        if (refused()) {
            return;
        }
        try {
            MailboxUsersService.Invitation i = users.invite(holder.getCurrent(), login);
            invitedLogin = i.user().login();
            initialPassword = i.initialPassword();
            login = null;
            reload();
            PageMessages.info("mailUsers.invited", invitedLogin);
        } catch (MailboxException e) {
            PageMessages.refusal("usersForm:login", e);
        }
    }

    public void revoke(long id) {
        if (refused()) {
            return;
        }
        try {
            if (users.revoke(holder.getCurrent(), id)) {
                PageMessages.info("mailUsers.revoked");
            }
            initialPassword = invitedLogin = null;
            reload();
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        }
    }

    private void reload() {
        seats = null;
        rows = null;
        trail = null;
    }

    public String getLogin() {
        return login;
    }

    public void setLogin(String login) {
        this.login = login;
    }

    public String getInvitedLogin() {
        return invitedLogin;
    }

    /** The first web password of the user just invited: shown on this page once, never stored in clear. */
    public String getInitialPassword() {
        return initialPassword;
    }
}
