package it.certmail.pec.mailbox.infra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One private in-memory H2 migrated by Flyway: a plain (auto-commit) DataSource for the blob store and, on
 * demand, the resource-local unit {@code pec-test} on the same database.
 */
final class TestDatabase implements AutoCloseable {

    final String url = "jdbc:h2:mem:mailbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    final DataSource dataSource;
    private EntityManagerFactory emf;

    TestDatabase() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        dataSource = ds;
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    EntityManager entityManager() {
        if (emf == null) {
            emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                    "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                    "jakarta.persistence.jdbc.url", url,
                    "jakarta.persistence.jdbc.user", "sa",
                    "jakarta.persistence.jdbc.password", ""));
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
            st.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // already gone
        }
    }
}
