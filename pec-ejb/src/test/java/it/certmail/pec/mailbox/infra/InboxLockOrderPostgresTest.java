package it.certmail.pec.mailbox.infra;

/** {@link InboxLockOrderTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class InboxLockOrderPostgresTest extends InboxLockOrderTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
