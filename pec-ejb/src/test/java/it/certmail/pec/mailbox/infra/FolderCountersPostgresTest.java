package it.certmail.pec.mailbox.infra;

/** {@link FolderCountersTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class FolderCountersPostgresTest extends FolderCountersTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
