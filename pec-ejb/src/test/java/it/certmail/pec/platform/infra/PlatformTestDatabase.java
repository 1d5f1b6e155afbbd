package it.certmail.pec.platform.infra;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import it.certmail.pec.testsupport.TestPostgres;

/**
 * A private, freshly migrated database for the platform's plain-JDBC tables: an in-memory H2, or a new schema on the
 * test PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another). Its DataSource gives auto-commit
 * connections, as the non-transactional pool does in the server.
 */
public final class PlatformTestDatabase implements AutoCloseable {

    private final DataSource dataSource;
    private final String pgSchema;

    private PlatformTestDatabase(DataSource dataSource, String pgSchema) {
        this.dataSource = dataSource;
        this.pgSchema = pgSchema;
        Flyway.configure().dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (pgSchema == null ? "h2" : "postgresql"))
                .load().migrate();
    }

    public static PlatformTestDatabase h2() {
        org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
        h2.setURL("jdbc:h2:mem:platform-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        h2.setPassword("");
        return new PlatformTestDatabase(h2, null);
    }

    public static PlatformTestDatabase postgres() {
        String schema = TestPostgres.createSchema("t_");
        org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
        pg.setURL(TestPostgres.urlIn(schema));
        pg.setUser(TestPostgres.user());
        pg.setPassword(TestPostgres.password());
        return new PlatformTestDatabase(pg, schema);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public void close() {
        try {
            execute(pgSchema == null ? "SHUTDOWN" : "DROP SCHEMA " + pgSchema + " CASCADE");
        } catch (SQLException ignored) {
            // already gone
        }
    }
}
