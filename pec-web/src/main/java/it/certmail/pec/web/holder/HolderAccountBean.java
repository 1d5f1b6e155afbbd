package it.certmail.pec.web.holder;

import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.web.holder.HolderViews.Dashboard;
import it.certmail.pec.web.holder.HolderViews.DownloadRow;
import it.certmail.pec.web.holder.HolderViews.OrderRow;
import it.certmail.pec.web.shared.PageMessages;
import it.certmail.pec.web.shared.QrCodeSvg;

/**
 * Account: orders and invoices, automatic renewal, the client password (shown once), the web password, the
 * reference e-mail (changed after a code sent to the new address is confirmed), and withdrawal with its
 * consequences stated before confirming.
 */
@Named("account")
@ViewScoped
public class HolderAccountBean implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    HolderFacade facade;

    @Inject
    HolderSession holder;

    private Dashboard dashboard;
    private List<OrderRow> orders;
    private List<DownloadRow> downloads;
    private String contractDigest;
    private boolean contractDigestRead;
    private String newClientPassword;
    private String newWebPassword;
    private String newReferenceEmail;
    private String referenceCode;
    private boolean referenceCodeSent;
    private boolean withdrawalUnderstood;
    /** The secret offered for enrolment: kept for this view until a code confirms it. */
    private byte[] pendingSecret;
    private String totpCode;
    private List<String> freshRecoveryCodes = List.of();
    private Boolean secondFactorEnrolled;
    private String mobileNumber;

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

    /** The SHA-256 of the kept contract, {@code null} before its first download. */
    public String getContractDigest() {
        if (!contractDigestRead) {
            contractDigest = facade.contractDigest(holder.getCurrent(), pageLanguage()).orElse(null);
            contractDigestRead = true;
        }
        return contractDigest;
    }

    public List<DownloadRow> getDownloads() {
        if (downloads == null) {
            downloads = facade.downloads(holder.getCurrent());
        }
        return downloads;
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

    public void saveMobileNumber() {
        try {
            facade.mobileNumber(holder.getCurrent(), mobileNumber);
            dashboard = null;
            PageMessages.info(mobileNumber == null || mobileNumber.isBlank() ? "holder.mobile.removed" : "holder.mobile.saved");
        } catch (MailboxException e) {
            PageMessages.refusal("mobileForm:mobileNumber", e);
        }
    }

    public String getMobileNumber() {
        return mobileNumber == null && getDashboard() != null ? getDashboard().mobileNumber() : mobileNumber;
    }

    public void setMobileNumber(String mobileNumber) {
        this.mobileNumber = mobileNumber == null ? "" : mobileNumber;
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

    /**
     * Recesso: the mailbox is closed to mail at once and stays in the session, download-only, until its deletion
     * (the dashboard then says when).
     */
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
        dashboard = null;
        PageMessages.info("holder.withdraw.done", address);
        PageMessages.keepForRedirect();
        return "/my/index?faces-redirect=true";
    }

    /** The language the page is shown in ({@code it}, {@code en}): the documents' too. */
    static String pageLanguage() {
        FacesContext faces = FacesContext.getCurrentInstance();
        return faces != null && faces.getViewRoot() != null ? faces.getViewRoot().getLocale().getLanguage() : "it";
    }

    /** The days a withdrawn mailbox's content stays downloadable, as the consequences state them. */
    public int getWithdrawalDays() {
        return facade.withdrawalDays();
    }

    public boolean isSecondFactorEnrolled() {
        if (secondFactorEnrolled == null) {
            secondFactorEnrolled = facade.secondFactorEnrolled(holder.getCurrent());
        }
        return secondFactorEnrolled;
    }

    private byte[] pendingSecret() {
        if (pendingSecret == null) {
            pendingSecret = Totp.newSecret(RANDOM);
        }
        return pendingSecret;
    }

    public String getEnrolQrCode() {
        return QrCodeSvg.dataUri(facade.totpKeyUri(holder.getCurrent(), pendingSecret()));
    }

    /** The secret grouped by four characters, for typing into an app that cannot read the QR code. */
    public String getEnrolSecretText() {
        return Base32.encode(pendingSecret()).replaceAll("(.{4})(?!$)", "$1 ");
    }

    public void enrolSecondFactor() {
        try {
            Optional<List<String>> codes = facade.enrolSecondFactor(holder.getCurrent(), pendingSecret(), totpCode);
            if (codes.isEmpty()) {
                PageMessages.error("totpForm:totpCode", "holder.totp.wrong");
                return;
            }
            freshRecoveryCodes = codes.get();
            pendingSecret = null;
            secondFactorEnrolled = true;
            PageMessages.info("holder.totp.enrolled");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        } finally {
            totpCode = null;
        }
    }

    public void disableSecondFactor() {
        try {
            if (!facade.disableSecondFactor(holder.getCurrent(), totpCode)) {
                PageMessages.error("totpForm:totpCode", "holder.totp.wrong");
                return;
            }
            secondFactorEnrolled = false;
            PageMessages.info("holder.totp.disabled");
        } catch (MailboxException e) {
            PageMessages.refusal(null, e);
        } finally {
            totpCode = null;
        }
    }

    /** Shown once, right after the enrolment. */
    public List<String> getFreshRecoveryCodes() {
        return freshRecoveryCodes;
    }

    public String getTotpCode() {
        return totpCode;
    }

    public void setTotpCode(String totpCode) {
        this.totpCode = totpCode;
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
