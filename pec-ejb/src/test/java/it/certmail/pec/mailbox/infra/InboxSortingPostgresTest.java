package it.certmail.pec.mailbox.infra;

/** {@link InboxSortingTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class InboxSortingPostgresTest extends InboxSortingTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
