package it.certmail.pec.access.infra;

/** {@link JpaMailAccessTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class JpaMailAccessPostgresTest extends JpaMailAccessTest {

    @Override
    JpaAccessStore database() {
        return JpaAccessStore.postgres(CLOCK);
    }
}
