package it.certmail.pec.web.console;

import java.io.Serializable;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;

import it.certmail.pec.operator.domain.Actor;
import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.model.OperatorRole;

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
    /** The role at sign-in, refreshed from the database on every console request ({@link OperatorAccessFilter}). */
    private OperatorRole role;
    private Stage stage = Stage.NONE;
    /** The secret being enrolled, kept across reloads of the enrolment page until a code confirms it. */
    private byte[] pendingSecret;
    /** Recovery codes just issued: shown on the next page, then forgotten. */
    private java.util.List<String> freshRecoveryCodes = java.util.List.of();

    void passwordAccepted(String user, OperatorRole role) {
        this.user = user;
        this.role = role;
        this.stage = Stage.PASSWORD_ACCEPTED;
    }

    void role(OperatorRole role) {
        this.role = role;
    }

    public OperatorRole getRole() {
        return role;
    }

    /** For pages: whether to show a link to an area ({@code #{operator.mayRead('AUDIT')}}). */
    public boolean mayRead(String area) {
        return role != null && isSignedIn() && role.mayRead(Area.valueOf(area));
    }

    /** For pages: whether to show the forms that change an area; the server checks again ({@link ConsoleFacade}). */
    public boolean mayChange(String area) {
        return role != null && isSignedIn() && role.mayChange(Area.valueOf(area));
    }

    /** The signed-in operator acting from {@code address}, allowed to do this or refused with NotAllowedException. */
    Actor actor(String address, Area area, boolean change) {
        if (!isSignedIn() || role == null) {
            throw new NotAllowedException(area, change);
        }
        Actor actor = new Actor(user, role, address, Actor.CONSOLE);
        actor.require(area, change);
        return actor;
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
