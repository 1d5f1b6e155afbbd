package it.certmail.pec.mailbox.infra;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;

import it.certmail.pec.testsupport.TestPostgres;

/**
 * A private, freshly migrated database: an in-memory H2, or a new schema on the test PostgreSQL (the embedded
 * one unless {@code -Dpec.test.pg.url} names another). Gives a plain (auto-commit) DataSource for the blob store and,
 * on demand, the resource-local unit {@code pec-test} on the same database.
 */
final class TestDatabase implements AutoCloseable {

    final String url;
    final DataSource dataSource;
    private final String user;
    private final String password;
    private final String pgSchema;
    private EntityManagerFactory emf;

    private TestDatabase(String url, String user, String password, String pgSchema) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.pgSchema = pgSchema;
        this.dataSource = new DriverManagerDataSource(url, user, password);
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    static TestDatabase h2() {
        return new TestDatabase("jdbc:h2:mem:mailbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", null);
    }

    static TestDatabase postgres() {
        String schema = TestPostgres.createSchema("t_");
        return new TestDatabase(TestPostgres.urlIn(schema), TestPostgres.user(), TestPostgres.password(), schema);
    }

    EntityManager entityManager() {
        if (emf == null) {
            emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                    "jakarta.persistence.jdbc.driver", pgSchema == null ? "org.h2.Driver" : "org.postgresql.Driver",
                    "jakarta.persistence.jdbc.url", url,
                    "jakarta.persistence.jdbc.user", user,
                    "jakarta.persistence.jdbc.password", password));
        }
        return emf.createEntityManager();
    }

    long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} in its own transaction and clears the context, so later reads go to the database. */
    static <T> T inTransaction(EntityManager em, Supplier<T> work) {
        em.getTransaction().begin();
        try {
            T result = work.get();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }

    @Override
    public void close() {
        if (emf != null) {
            emf.close();
        }
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(pgSchema == null ? "SHUTDOWN" : "DROP SCHEMA " + pgSchema + " CASCADE");
        } catch (SQLException ignored) {
            // already gone
        }
    }

    /** The smallest DataSource there is: a new connection per call, auto-commit on. */
    private record DriverManagerDataSource(String url, String user, String password) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // not used
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // not used
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
