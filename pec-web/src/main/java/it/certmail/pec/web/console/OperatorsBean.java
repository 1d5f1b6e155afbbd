package it.certmail.pec.web.console;

import java.io.Serializable;
import java.util.List;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.operator.domain.OperatorRequestException;
import it.certmail.pec.web.console.ConsoleViews.OperatorRow;

/** The operators' list (admin role only): create an account with a role, disable or enable it, reset its TOTP. */
@Named("operators")
@ViewScoped
public class OperatorsBean implements Serializable {

    private static final long serialVersionUID = 1L;
    static final List<String> ROLES = List.of("operator", "auditor", "admin");

    @Inject
    ConsoleFacade facade;

    private List<OperatorRow> rows;
    private String user;
    private String role = "operator";
    private String password;
    private String roleUser;
    private String newRole = "auditor";
    private String passwordUser;
    private String newPassword;

    public List<OperatorRow> getRows() {
        if (rows == null) {
            rows = facade.operators();
        }
        return rows;
    }

    public String create() {
        return change("createForm:user", () -> {
            String created = facade.createOperator(user, role, password);
            Messages.info("operators.created", created, Messages.text("role." + role));
        });
    }

    public String disable(String who) {
        return setDisabled(who, true);
    }

    public String enable(String who) {
        return setDisabled(who, false);
    }

    private String setDisabled(String who, boolean disabled) {
        return change(null, () -> {
            facade.setOperatorDisabled(who, disabled);
            Messages.info(disabled ? "operators.disabled" : "operators.enabled", who);
        });
    }

    public String changeRole() {
        return change("roleForm:roleUser", () -> {
            facade.changeOperatorRole(roleUser, newRole);
            Messages.info("operators.roleChanged", roleUser, Messages.text("role." + newRole));
        });
    }

    public String setPassword() {
        return change("passwordForm:newPassword", () -> {
            facade.setOperatorPassword(passwordUser, newPassword);
            Messages.info("operators.passwordSet", passwordUser);
        });
    }

    public String getPasswordUser() {
        return passwordUser;
    }

    public void setPasswordUser(String passwordUser) {
        this.passwordUser = passwordUser;
    }

    public String getNewPassword() {
        return newPassword;
    }

    public void setNewPassword(String newPassword) {
        this.newPassword = newPassword;
    }

    /** One change to the accounts, done: back to the list; refused: the reason next to {@code fieldId}. */
    private String change(String fieldId, OperatorChange change) {
        try {
            change.run();
            Messages.keepForRedirect();
            return "/console/operators?faces-redirect=true";
        } catch (OperatorRequestException e) {
            Messages.errorText(fieldId, Messages.text("error.invalid") + " " + e.getMessage());
            return null;
        } catch (NotAllowedException e) {
            return FacadeErrors.refused();
        }
    }

    @FunctionalInterface
    private interface OperatorChange {
        void run() throws OperatorRequestException;
    }

    /** The accounts whose role can change: every one but the built-in admin. */
    public List<String> getChangeableUsers() {
        return getRows().stream().map(OperatorRow::user).filter(u -> !u.equals("admin")).toList();
    }

    public String getRoleUser() {
        return roleUser;
    }

    public void setRoleUser(String roleUser) {
        this.roleUser = roleUser;
    }

    public String getNewRole() {
        return newRole;
    }

    public void setNewRole(String newRole) {
        this.newRole = newRole;
    }

    public String resetTotp(String who) {
        return change(null, () -> {
            facade.resetOperatorTotp(who);
            Messages.info("operators.totpReset", who);
        });
    }

    public List<String> getRoles() {
        return ROLES;
    }

    public String getUser() {
        return user;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
