package it.certmail.pec.e2e;

import java.io.IOException;

import org.junit.jupiter.api.BeforeAll;

/** The EAR on WildFly 38, standalone-full ({@code ./pec run --server wildfly}): the smoke suite of {@link FullServerSmoke}. */
class WildFlyFullServerE2E extends FullServerSmoke {

    @BeforeAll
    static void start() throws IOException {
        startOn("wildfly");
    }
}
