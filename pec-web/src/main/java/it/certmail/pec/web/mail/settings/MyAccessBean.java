package it.certmail.pec.web.mail.settings;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

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
 * enrolled with a code of it, with recovery codes shown once; turned off with a code) and the user's own web
 * password (the current one proves it).
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
    /** The recovery codes of the enrolment just done: shown on this response only. */
    private List<String> freshRecoveryCodes = List.of();
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
            Optional<List<String>> codes = users.enrolTotp(id, pendingSecret(), totpCode);
            if (codes.isEmpty()) {
                PageMessages.error("totpForm:totpCode", "holder.totp.wrong");
                return;
            }
            pendingSecret = null;
            totpEnrolled = true;
            freshRecoveryCodes = codes.get();
            PageMessages.info("holder.totp.enrolled");
        } finally {
            totpCode = null;
        }
    }

    /** Turns the own TOTP off, proven with a code of the app or a recovery code. */
    public void disableTotp() {
        Long id = user();
        if (id == null) {
            return;
        }
        try {
            if (!users.disableTotp(id, totpCode)) {
                PageMessages.error("totpForm:totpCode", "holder.totp.wrong");
                return;
            }
            totpEnrolled = false;
            freshRecoveryCodes = List.of();
            PageMessages.info("holder.totp.disabled");
        } finally {
            totpCode = null;
        }
    }

    public List<String> getFreshRecoveryCodes() {
        return freshRecoveryCodes;
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
