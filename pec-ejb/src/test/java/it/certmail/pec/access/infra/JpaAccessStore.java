package it.certmail.pec.access.infra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;

import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.infra.JpaMessageStore;
import it.certmail.pec.testsupport.TestPostgres;

/**
 * The JPA store of the access tests: a private, freshly migrated database (an in-memory H2, or a new schema on the
 * test PostgreSQL, the embedded one unless {@code -Dpec.test.pg.url} names another), with {@link JpaMailAccess}
 * calls each in its own resource-local transaction, as the EJB facade runs them.
 */
final class JpaAccessStore implements AutoCloseable {

    /** What {@link MailAccess} calls that change nothing are named: only the others nudge the sessions. */
    private static final Set<String> READS = Set.of("login", "status", "statuses", "messages", "folders", "open",
            "usage", "index", "changes", "uids", "prefixes", "page");

    final Clock clock;
    final DataSource dataSource;
    final EntityManagerFactory emf;
    final BlobStore blobs;
    final ClientPasswords passwords;
    private final String pgSchema;

    private JpaAccessStore(Clock clock, String url, String user, String password, String pgSchema) {
        this.clock = clock;
        this.pgSchema = pgSchema;
        this.dataSource = new Ds(url, user, password);
        Flyway.configure().dataSource(dataSource).load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", pgSchema == null ? "org.h2.Driver" : "org.postgresql.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", user,
                "jakarta.persistence.jdbc.password", password));
        blobs = new BlobStore(dataSource, clock);
        passwords = new ClientPasswords(clock);
    }

    static JpaAccessStore h2(Clock clock) {
        return new JpaAccessStore(clock, "jdbc:h2:mem:access-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "",
                null);
    }

    static JpaAccessStore postgres(Clock clock) {
        String schema = TestPostgres.createSchema("t_");
        return new JpaAccessStore(clock, TestPostgres.urlIn(schema), TestPostgres.user(), TestPostgres.password(),
                schema);
    }

    /**
     * The port with one transaction per call; {@code changed} hears the mailbox of every change once it is
     * committed, as {@code MailAccessService} fires {@code MailboxChanged}.
     */
    MailAccess access(Consumer<String> changed) {
        return (MailAccess) Proxy.newProxyInstance(MailAccess.class.getClassLoader(), new Class<?>[] {MailAccess.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(this, args);
                    }
                    EntityManager em = emf.createEntityManager();
                    try {
                        em.getTransaction().begin();
                        Object result = method.invoke(new JpaMailAccess(em, blobs, passwords, clock), args);
                        em.getTransaction().commit();
                        if (!READS.contains(method.getName())) {
                            changed.accept((String) args[0]);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        // as in the EJB facade: checked refusals do not roll back
                        if (e.getCause() instanceof MailAccessException) {
                            em.getTransaction().commit();
                        }
                        throw e.getCause();
                    } finally {
                        if (em.getTransaction().isActive()) {
                            em.getTransaction().rollback();
                        }
                        em.close();
                    }
                });
    }

    <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T result = work.apply(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Delivers {@code raw} into a folder as the delivery point does (whatever the quota). */
    DeliveredMessage deliver(String address, String folder, byte[] raw, Set<String> flags, Instant internalDate)
            throws IOException {
        BlobRef blob = blobs.store(new ByteArrayInputStream(raw));
        try {
            var summary = MessageSummaryReader.read(new ByteArrayInputStream(raw));
            return tx(em -> {
                try {
                    return new JpaMessageStore(em).deliver(address, folder, blob, summary, flags, internalDate);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            blobs.release(blob.id());
        }
    }

    long count(String sql) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        emf.close();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(pgSchema == null ? "SHUTDOWN" : "DROP SCHEMA " + pgSchema + " CASCADE");
        } catch (SQLException ignored) {
            // gone
        }
    }

    /** The smallest DataSource there is: a new connection per call, auto-commit on. */
    private record Ds(String url, String user, String password) implements DataSource {
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        public PrintWriter getLogWriter() {
            return null;
        }

        public void setLogWriter(PrintWriter out) {
        }

        public void setLoginTimeout(int seconds) {
        }

        public int getLoginTimeout() {
            return 0;
        }

        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
