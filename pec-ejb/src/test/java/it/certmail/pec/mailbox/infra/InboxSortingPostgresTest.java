package it.certmail.pec.mailbox.infra;

/** {@link InboxSortingTest} on PostgreSQL; runs only with {@code -Dpec.test.pg.url=jdbc:postgresql://host/db}. */
class InboxSortingPostgresTest extends InboxSortingTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
