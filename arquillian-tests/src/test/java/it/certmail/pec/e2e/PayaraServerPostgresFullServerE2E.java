package it.certmail.pec.e2e;

import java.io.IOException;

import org.junit.jupiter.api.BeforeAll;

/**
 * The EAR on Payara Server with its datasources on PostgreSQL ({@code PEC_DB_URL}, a PostgreSQL of the test's own
 * from the Maven Central binaries): the smoke suite of {@link FullServerSmoke}.
 */
class PayaraServerPostgresFullServerE2E extends FullServerSmoke {

    @BeforeAll
    static void start() throws IOException {
        startOn("payara", true);
    }
}
