package it.certmail.pec.operator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import it.certmail.pec.operator.model.Area;
import it.certmail.pec.operator.model.AuditRecord;
import it.certmail.pec.operator.model.OperatorRole;

class AuditValuesTest {

    @Test
    void redactJsonShouldMaskEverySecretMemberAndKeepTheRest() {
        String body = "{\"address\": \"bob@b.test\", \"password\": \"S3cr\\\"et!\", \"holderName\": \"Bob\","
                + " \"paymentToken\":\"tok_123\", \"discountCode\": \"WELCOME\", \"plan\": \"standard\"}";
        assertThat(AuditValues.redactJson(body))
                .isEqualTo("{\"address\": \"bob@b.test\", \"password\": \"***\", \"holderName\": \"Bob\","
                        + " \"paymentToken\":\"***\", \"discountCode\": \"***\", \"plan\": \"standard\"}")
                .doesNotContain("S3cr", "tok_123");
    }

    @Test
    void redactJsonShouldLeaveNullAndBodiesWithoutSecrets() {
        assertThat(AuditValues.redactJson(null)).isNull();
        assertThat(AuditValues.redactJson("{\"acceptOrdinaryMail\":true}")).isEqualTo("{\"acceptOrdinaryMail\":true}");
    }

    @Test
    void valuesShouldBeWrittenInOrderAndCutToTheColumn() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("status", "ACTIVE");
        facts.put("plan", null);
        assertThat(AuditValues.of(facts)).isEqualTo("status=ACTIVE, plan=null");
        String cut = AuditValues.fit("x".repeat(AuditRecord.VALUE_MAX + 10));
        assertThat(cut).hasSize(AuditRecord.VALUE_MAX).endsWith("…");
    }

    @Test
    void actorShouldBeRefusedWhatItsRoleDoesNotAllow() {
        Actor auditor = new Actor("anna", OperatorRole.AUDITOR, "10.0.0.1", Actor.API);
        auditor.require(Area.AUDIT, false);
        assertThatThrownBy(() -> auditor.require(Area.MAILBOXES, true)).isInstanceOf(NotAllowedException.class)
                .hasMessage("anna (auditor) may not change mailboxes");
        new Actor("otto", OperatorRole.OPERATOR, null, Actor.CONSOLE).require(Area.MAILBOXES, true);
    }

    @Test
    void operatorNamesShouldBeLowerCaseAndPasswordsLong() throws OperatorRequestException {
        assertThat(OperatorNames.user("  Mario.Rossi ")).isEqualTo("mario.rossi");
        assertThatThrownBy(() -> OperatorNames.user("a b")).isInstanceOf(OperatorRequestException.class);
        assertThatThrownBy(() -> OperatorNames.user("ab")).isInstanceOf(OperatorRequestException.class);
        assertThatThrownBy(() -> OperatorNames.checkPassword("short-pass1")).isInstanceOf(OperatorRequestException.class);
        OperatorNames.checkPassword("long-enough-pass");
    }

    @Test
    void auditQueryShouldTreatBlanksAsAbsentAndBoundTheLimit() {
        AuditQuery q = new AuditQuery(" ", "", " mailbox.", null, null, null, 10);
        assertThat(q.actor()).isNull();
        assertThat(q.action()).isNull();
        assertThat(q.target()).isEqualTo("mailbox.");
        assertThatThrownBy(() -> new AuditQuery(null, null, null, null, null, null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditQuery(null, null, null, null, null, null, AuditQuery.MAX_LIMIT + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
