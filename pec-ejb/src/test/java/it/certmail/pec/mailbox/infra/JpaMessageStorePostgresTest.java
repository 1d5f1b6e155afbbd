package it.certmail.pec.mailbox.infra;

/** {@link JpaMessageStoreTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class JpaMessageStorePostgresTest extends JpaMessageStoreTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
