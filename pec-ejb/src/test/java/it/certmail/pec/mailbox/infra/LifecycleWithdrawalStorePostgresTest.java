package it.certmail.pec.mailbox.infra;

/** {@link LifecycleWithdrawalStoreTest} on PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another). */
class LifecycleWithdrawalStorePostgresTest extends LifecycleWithdrawalStoreTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
