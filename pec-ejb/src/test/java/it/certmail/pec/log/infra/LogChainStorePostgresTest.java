package it.certmail.pec.log.infra;

/**
 * {@link LogChainStoreTest} on PostgreSQL, the log split in monthly partitions (retention drops October's);
 * runs only with {@code -Dpec.test.pg.url=jdbc:postgresql://host/db}.
 */
class LogChainStorePostgresTest extends LogChainStoreTest {

    @Override
    LogTestDatabase database() {
        return LogTestDatabase.postgres();
    }
}
