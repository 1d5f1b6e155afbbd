package it.certmail.pec.web.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import it.certmail.pec.operator.model.Area;

class AdminApiAreasTest {

    @ParameterizedTest
    @CsvSource({
        "admin/mailboxes,                          MAILBOXES",
        "/admin/mailboxes/bob@b.test/client-password, MAILBOXES",
        "admin/domains,                            DOMAINS",
        "admin/work/12/requeue,                    QUEUES",
        "admin/jobs/delivery-timeouts/run,         JOBS",
        "admin/log,                                LOG",
        "admin/audit,                              AUDIT",
        "admin/provider/ldif,                      PROVIDERS",
        "admin/providers,                          PROVIDERS",
        "admin/plans/standard,                     PLANS",
        "admin/discount-codes,                     PLANS",
        "admin/clock/advance,                      CLOCK",
        // a path nobody listed yet is for admins only
        "admin/quarantine/3/download,              OPERATORS",
        "admin,                                    OPERATORS",
    })
    void pathShouldBelongToItsArea(String path, Area area) {
        assertThat(AdminApiAreas.areaOf(path)).isEqualTo(area);
    }

    @ParameterizedTest
    @CsvSource({"GET, false", "head, false", "OPTIONS, false", "POST, true", "PUT, true", "PATCH, true",
        "DELETE, true"})
    void onlyReadingMethodsShouldNotCountAsChanges(String method, boolean change) {
        assertThat(AdminApiAreas.changes(method)).isEqualTo(change);
    }

    @ParameterizedTest
    @CsvSource({
        "admin/mailboxes/bob@b.test/client-password, POST,  api.mailboxes.POST,  bob@b.test/client-password",
        "admin/mailboxes/bob@b.test,                 patch, api.mailboxes.PATCH, bob@b.test",
        "admin/domains,                              POST,  api.domains.POST,    domains",
    })
    void auditShouldNameTheActionAndTheTargetOfACall(String path, String method, String action, String target) {
        assertThat(AdminApiAreas.action(path, method)).isEqualTo(action);
        assertThat(AdminApiAreas.target(path)).isEqualTo(target);
    }
}
