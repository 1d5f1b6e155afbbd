package it.certmail.pec.log.infra;

/**
 * {@link LogChainStoreTest} on PostgreSQL, the log split in monthly partitions (retention drops October's);
 * on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another.
 */
class LogChainStorePostgresTest extends LogChainStoreTest {

    @Override
    LogTestDatabase database() {
        return LogTestDatabase.postgres();
    }
}
