package it.certmail.pec.web.console;

import java.io.Serializable;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;

/**
 * Sessione dell'operatore: who signed in and how far. The password alone opens only the second-factor page; the
 * console opens after the TOTP code (architecture.md §7: TOTP is mandatory for operators).
 */
@Named("operator")
@SessionScoped
public class OperatorSession implements Serializable {

    private static final long serialVersionUID = 1L;

    enum Stage { NONE, PASSWORD_ACCEPTED, SIGNED_IN }

    private String user;
    private Stage stage = Stage.NONE;
    /** The secret being enrolled, kept across reloads of the enrolment page until a code confirms it. */
    private byte[] pendingSecret;
    /** Recovery codes just issued: shown on the next page, then forgotten. */
    private java.util.List<String> freshRecoveryCodes = java.util.List.of();

    void passwordAccepted(String user) {
        this.user = user;
        this.stage = Stage.PASSWORD_ACCEPTED;
    }

    void signedIn() {
        stage = Stage.SIGNED_IN;
        pendingSecret = null;
    }

    public boolean isSignedIn() {
        return stage == Stage.SIGNED_IN;
    }

    boolean isPasswordAccepted() {
        return stage == Stage.PASSWORD_ACCEPTED;
    }

    public String getUser() {
        return user;
    }

    void freshRecoveryCodes(java.util.List<String> codes) {
        freshRecoveryCodes = java.util.List.copyOf(codes);
    }

    /** The codes issued at enrolment, once: a second call answers none. */
    java.util.List<String> takeFreshRecoveryCodes() {
        java.util.List<String> codes = freshRecoveryCodes;
        freshRecoveryCodes = java.util.List.of();
        return codes;
    }

    byte[] pendingSecret() {
        return pendingSecret;
    }

    void pendingSecret(byte[] secret) {
        this.pendingSecret = secret;
    }
}
