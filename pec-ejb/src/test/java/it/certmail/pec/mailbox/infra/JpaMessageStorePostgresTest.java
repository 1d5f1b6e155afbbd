package it.certmail.pec.mailbox.infra;

/** {@link JpaMessageStoreTest} on PostgreSQL; runs only with {@code -Dpec.test.pg.url=jdbc:postgresql://host/db}. */
class JpaMessageStorePostgresTest extends JpaMessageStoreTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }
}
