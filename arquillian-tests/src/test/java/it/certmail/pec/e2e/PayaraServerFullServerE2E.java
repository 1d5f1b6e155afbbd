package it.certmail.pec.e2e;

import java.io.IOException;

import org.junit.jupiter.api.BeforeAll;

/** The EAR on Payara Server 6 ({@code ./pec run --server payara}): the smoke suite of {@link FullServerSmoke}. */
class PayaraServerFullServerE2E extends FullServerSmoke {

    @BeforeAll
    static void start() throws IOException {
        startOn("payara");
    }
}
