package it.certmail.pec.mailbox.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import it.certmail.pec.testsupport.TestPostgres;

/** The mailbox schema contract on PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another), each test in a schema of its own, dropped afterwards. */
class MailboxStoreSchemaPostgresTest implements MailboxStoreSchemaContract {

    private String schema;

    @BeforeEach
    void createSchema() {
        schema = TestPostgres.createSchema("t_");
    }

    @AfterEach
    void dropSchema() {
        TestPostgres.dropSchema(schema);
    }

    @Override
    public String freshJdbcUrl() {
        return TestPostgres.urlIn(schema);
    }

    @Override
    public String user() {
        return TestPostgres.user();
    }

    @Override
    public String password() {
        return TestPostgres.password();
    }
}
