package it.certmail.pec.log.service;

import it.certmail.pec.testsupport.TestPostgres;

/** {@link PecLogTest} on PostgreSQL: the embedded one unless {@code -Dpec.test.pg.url} names another. */
class PecLogPostgresTest extends PecLogTest {

    @Override
    void open() {
        setSchema(TestPostgres.createSchema("peclog_"));
        migrateAndOpen(TestPostgres.urlIn(schema()), TestPostgres.user(), TestPostgres.password(), "postgresql",
                "org.postgresql.Driver");
    }
}
