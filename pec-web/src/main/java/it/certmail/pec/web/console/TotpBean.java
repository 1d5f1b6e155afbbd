package it.certmail.pec.web.console;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

import it.certmail.pec.operator.service.OperatorAccounts;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.web.shared.QrCodeSvg;

/** Second sign-in step: enrol TOTP (QR code and the secret as text) on the first login, the code afterwards. */
@Named("totp")
@RequestScoped
public class TotpBean {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    OperatorAccounts accounts;

    @Inject
    OperatorSession operator;

    @Inject
    OperatorLoginGuard guard;

    @Inject
    PlatformSettings platform;

    @Inject
    Clock clock;

    private String code;

    public boolean isEnrolling() {
        return !accounts.totpEnrolled(operator.getUser());
    }

    /** The secret grouped by four characters, for typing into an app that cannot read the QR code. */
    public String getSecretText() {
        return Base32.encode(secret()).replaceAll("(.{4})(?!$)", "$1 ");
    }

    public String getQrCode() {
        return QrCodeSvg.dataUri(Totp.standard().keyUri(platform.providerName(), operator.getUser(), secret()));
    }

    public String confirm() {
        String user = operator.getUser();
        String address = ((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest())
                .getRemoteAddr();
        // counted before the check: codes posted in parallel cannot all pass it
        Optional<Duration> wait = guard.begin(user, address);
        if (wait.isPresent()) {
            Messages.error(null, "login.wait", Math.max(1, wait.get().toSeconds()));
            return null;
        }
        boolean enrolling = isEnrolling();
        boolean accepted;
        if (enrolling) {
            accepted = accounts.enrolTotp(user, secret(), code, clock.instant());
            if (accepted) {
                operator.freshRecoveryCodes(accounts.issueRecoveryCodes(user));
            }
        } else {
            accepted = RecoveryCodes.normalize(code).isPresent() ? accounts.useRecoveryCode(user, code)
                    : accounts.verifyTotp(user, code, clock.instant());
        }
        if (!accepted) {
            guard.refused();
            Messages.error("totp:code", "totp.wrong");
            return null;
        }
        guard.succeeded(user, address);
        // a new session id for the signed-in session too: one seen before the code was given opens nothing
        ((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest()).changeSessionId();
        operator.signedIn();
        return "/console/index?faces-redirect=true";
    }

    private byte[] secret() {
        if (operator.pendingSecret() == null) {
            operator.pendingSecret(Totp.newSecret(RANDOM));
        }
        return operator.pendingSecret();
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }
}
