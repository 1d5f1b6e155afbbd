package it.certmail.pec.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import it.certmail.pec.operator.domain.NotAllowedException;
import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.model.OperatorRole;

/** The console's role checks without a container: pages by path, and the facade before any service is called. */
class ConsoleRolesTest {

    @ParameterizedTest
    @CsvSource({
        "/console/,                DASHBOARD",
        "/console/index.xhtml,     DASHBOARD",
        "/console/mailbox.xhtml,   MAILBOXES",
        "/console/domains.xhtml,   DOMAINS",
        "/console/operators.xhtml, OPERATORS",
        "/console/audit.xhtml,     AUDIT",
        "/console/trace.xhtml,     LOG",
        "/console/plans.xhtml,     PLANS",
        // unknown pages are for admins until listed
        "/console/new-page.xhtml,  OPERATORS",
    })
    void pageShouldBelongToItsArea(String path, Area area) {
        assertThat(ConsolePages.areaOf(path)).isEqualTo(area);
    }

    @Test
    void facadeShouldRefuseAnAuditorsChangeBeforeCallingAnyService() {
        ConsoleFacade facade = facadeSignedInAs(OperatorRole.AUDITOR);
        // the services are not there (null): a call that reached them would fail otherwise
        assertThatThrownBy(() -> facade.createDomain("forged.test")).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> facade.createMailbox("a@b.test", "pw", "A", "a@example.org", null))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> facade.updateMailbox("a@b.test", true, false, "ACTIVE"))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> facade.newClientPassword("a@b.test")).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> facade.createOperator("eve", "admin", "long-enough-pass"))
                .isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(() -> facade.setOperatorDisabled("anna", true)).isInstanceOf(NotAllowedException.class);
        assertThatThrownBy(facade::operators).isInstanceOf(NotAllowedException.class);
    }

    @Test
    void facadeShouldRefuseOperatorsTheOperatorsList() {
        ConsoleFacade facade = facadeSignedInAs(OperatorRole.OPERATOR);
        assertThatThrownBy(() -> facade.createOperator("eve", "admin", "long-enough-pass"))
                .isInstanceOf(NotAllowedException.class);
        assertThat(facade.permit(Area.MAILBOXES, true).user()).isEqualTo("otto");
    }

    @Test
    void facadeShouldRefuseASessionThatHasNotSignedIn() {
        ConsoleFacade facade = new ConsoleFacade();
        facade.operator = new OperatorSession();
        facade.request = FakeRequest.from("10.0.0.9");
        assertThatThrownBy(() -> facade.permit(Area.DASHBOARD, false)).isInstanceOf(NotAllowedException.class);
    }

    private static ConsoleFacade facadeSignedInAs(OperatorRole role) {
        ConsoleFacade facade = new ConsoleFacade();
        OperatorSession session = new OperatorSession();
        session.passwordAccepted(role == OperatorRole.OPERATOR ? "otto" : "anna", role);
        session.signedIn();
        facade.operator = session;
        facade.request = FakeRequest.from("10.0.0.9");
        return facade;
    }

    /** Just enough of a servlet request for the facade: the client's address. */
    static final class FakeRequest {
        static jakarta.servlet.http.HttpServletRequest from(String address) {
            return (jakarta.servlet.http.HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
                    FakeRequest.class.getClassLoader(), new Class<?>[] {jakarta.servlet.http.HttpServletRequest.class},
                    (proxy, method, args) -> method.getName().equals("getRemoteAddr") ? address : null);
        }
    }
}
