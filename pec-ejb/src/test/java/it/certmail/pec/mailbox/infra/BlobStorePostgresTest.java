package it.certmail.pec.mailbox.infra;

/** {@link BlobStoreTest} on PostgreSQL; runs only with {@code -Dpec.test.pg.url=jdbc:postgresql://host/db}. */
class BlobStorePostgresTest extends BlobStoreTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
