package it.certmail.pec.web.mail.settings;

import java.io.Serializable;
import java.security.SecureRandom;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.service.MailboxUsersService;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.web.holder.HolderFacade;
import it.certmail.pec.web.holder.HolderSession;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.QrCodeSvg;

/**
 * Il mio accesso, for an additional user (the holder has the account page): the user's own TOTP app (optional,
 * enrolled with a code of it) and the user's own web password (the current one proves it).
 */
@Named("myAccess")
@ViewScoped
public class MyAccessBean implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    MailboxUsersService users;

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    /** The secret offered for enrolment: kept for this view until a code confirms it. */
    private byte[] pendingSecret;
    private String totpCode;
    private Boolean totpEnrolled;
    private String currentPassword;
    private String newPassword;

    /** Only an additional user has this page's contents. */
    public boolean isShown() {
        return holder.isActingUser();
    }

    private Long user() {
        Long id = holder.actingUserId();
        if (id == null) {
            FacesContext.getCurrentInstance().getExternalContext().setResponseStatus(403);
            PageMessages.error(null, "myAccess.usersOnly");
        }
        return id;
    }

    public boolean isTotpEnrolled() {
        if (totpEnrolled == null) {
            Long id = holder.actingUserId();
            totpEnrolled = id != null && users.totpEnrolled(id);
        }
        return totpEnrolled;
    }

    private byte[] pendingSecret() {
        if (pendingSecret == null) {
            pendingSecret = Totp.newSecret(RANDOM);
        }
        return pendingSecret;
    }

    public String getEnrolQrCode() {
        return QrCodeSvg.dataUri(facade.totpKeyUri(holder.getActor(), pendingSecret()));
    }

    /** The secret grouped by four characters, for typing into an app that cannot read the QR code. */
    public String getEnrolSecretText() {
        return Base32.encode(pendingSecret()).replaceAll("(.{4})(?!$)", "$1 ");
    }

    public void enrolTotp() {
        Long id = user();
        if (id == null) {
            return;
        }
        try {
            if (!users.enrolTotp(id, pendingSecret(), totpCode)) {
                PageMessages.error("totpForm:totpCode", "holder.totp.wrong");
                return;
            }
            pendingSecret = null;
            totpEnrolled = true;
            PageMessages.info("myAccess.totp.enrolled");
        } finally {
            totpCode = null;
        }
    }

    public void changePassword() {
        Long id = user();
        if (id == null) {
            return;
        }
        try {
            if (users.changePassword(id, currentPassword, newPassword)) {
                PageMessages.info("myAccess.password.changed");
            } else {
                PageMessages.error("passwordForm:currentPassword", "myAccess.password.wrongCurrent");
            }
        } catch (MailboxException e) {
            PageMessages.refusal("passwordForm:newPassword", e);
        } finally {
            currentPassword = null;
            newPassword = null;
        }
    }

    public String getTotpCode() {
        return totpCode;
    }

    public void setTotpCode(String totpCode) {
        this.totpCode = totpCode;
    }

    public String getCurrentPassword() {
        return currentPassword;
    }

    public void setCurrentPassword(String currentPassword) {
        this.currentPassword = currentPassword;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }
}
