package it.certmail.pec.mailbox.infra;

/** {@link BlobStoreTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class BlobStorePostgresTest extends BlobStoreTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
