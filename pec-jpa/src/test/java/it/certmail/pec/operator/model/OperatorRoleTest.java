package it.certmail.pec.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The roles of issue 12 as a table: who may read and who may change each area. */
class OperatorRoleTest {

    @ParameterizedTest(name = "{0} {1}: read {2}, change {3}")
    @CsvSource({
        "ADMIN,    OPERATORS, true,  true",
        "ADMIN,    PLANS,     true,  true",
        "ADMIN,    CLOCK,     true,  true",
        "OPERATOR, MAILBOXES, true,  true",
        "OPERATOR, DOMAINS,   true,  true",
        "OPERATOR, QUEUES,    true,  true",
        "OPERATOR, JOBS,      true,  true",
        "OPERATOR, PLANS,     true,  false",
        "OPERATOR, PROVIDERS, true,  false",
        "OPERATOR, CLOCK,     true,  false",
        "OPERATOR, AUDIT,     true,  false",
        "OPERATOR, OPERATORS, false, false",
        "AUDITOR,  LOG,       true,  false",
        "AUDITOR,  AUDIT,     true,  false",
        "AUDITOR,  MAILBOXES, true,  false",
        "AUDITOR,  DOMAINS,   true,  false",
        "AUDITOR,  OPERATORS, false, false",
    })
    void roleShouldAllowExactlyItsAreas(OperatorRole role, Area area, boolean read, boolean change) {
        assertThat(role.mayRead(area)).isEqualTo(read);
        assertThat(role.mayChange(area)).isEqualTo(change);
        assertThat(role.allows(area, false)).isEqualTo(read);
        assertThat(role.allows(area, true)).isEqualTo(change);
    }

    @ParameterizedTest
    @EnumSource(Area.class)
    void auditorShouldChangeNothingAndAdminEverything(Area area) {
        assertThat(OperatorRole.AUDITOR.mayChange(area)).isFalse();
        assertThat(OperatorRole.ADMIN.mayChange(area)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Area.class)
    void whateverARoleMayChangeItShouldAlsoRead(Area area) {
        for (OperatorRole role : OperatorRole.values()) {
            if (role.mayChange(area)) {
                assertThat(role.mayRead(area)).as(role + " " + area).isTrue();
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"admin, ADMIN", " Operator , OPERATOR", "AUDITOR, AUDITOR"})
    void codeShouldNameTheRoleInLowerCase(String typed, OperatorRole role) {
        assertThat(OperatorRole.ofCode(typed)).isEqualTo(role);
        assertThat(role.code()).isEqualTo(role.name().toLowerCase());
    }

    @org.junit.jupiter.api.Test
    void unknownRoleShouldBeRefused() {
        assertThatThrownBy(() -> OperatorRole.ofCode("root")).isInstanceOf(IllegalArgumentException.class);
    }
}
