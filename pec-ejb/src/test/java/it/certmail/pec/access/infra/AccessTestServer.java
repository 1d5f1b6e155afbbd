package it.certmail.pec.access.infra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;

import it.certmail.pec.access.domain.FailedLogins;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.access.imap.domain.ImapSession;
import it.certmail.pec.access.imap.domain.ImapSettings;
import it.certmail.pec.access.imap.domain.MimeCache;
import it.certmail.pec.access.pop3.domain.Pop3Session;
import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.infra.BlobRef;
import it.certmail.pec.mailbox.infra.BlobStore;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.infra.DeliveredMessage;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.JpaMessageStore;
import it.certmail.pec.mailbox.infra.NewMailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.receipts.infra.PecTestProvider;

/**
 * The IMAP and POP3 servers in-process over TLS (the test provider's TLS certificate), on the JPA store on a
 * private in-memory H2; each {@link MailAccess} call runs in its own resource-local transaction, as the EJB
 * facade does in the container.
 */
final class AccessTestServer implements AutoCloseable {

    static final String BOB = "bob@b.test";
    static final String ANN = "ann@b.test";
    static final String OFF = "off@b.test";
    static final String PASSWORD = "Secret-pass-1";

    final Clock clock = Clock.systemUTC();
    final String url = "jdbc:h2:mem:access-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    final DataSource dataSource = new Ds(url);
    final EntityManagerFactory emf;
    final BlobStore blobs;
    final ClientPasswords passwords = new ClientPasswords(clock);
    final MailboxChangeHub hub = new MailboxChangeHub();
    final FailedLogins failedLogins = new FailedLogins();
    final MimeCache cache = new MimeCache(1000);
    final MailAccess access;
    final java.util.concurrent.ThreadPoolExecutor workers =
            (java.util.concurrent.ThreadPoolExecutor) Executors.newFixedThreadPool(8);
    final ProtocolServer imap;
    final ProtocolServer pop3;

    AccessTestServer() throws Exception {
        this(ImapSettings.defaults().withLoginFailureDelay(Duration.ofMillis(50)));
    }

    AccessTestServer(ImapSettings settings) throws Exception {
        Flyway.configure().dataSource(dataSource).load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
        blobs = new BlobStore(dataSource, clock);
        String hash = passwords.hash(PASSWORD);
        tx(em -> {
            JpaMailboxDirectory d = new JpaMailboxDirectory(em);
            try {
                d.createDomain("b.test", clock.instant());
                for (String a : List.of(BOB, ANN, OFF)) {
                    d.createMailbox(new NewMailbox(a, "web-password-1", a, null, null), p -> "$h", clock.instant());
                    d.setClientPasswordHash(a, hash, clock.instant());
                }
                d.patch(OFF, null, null, MailboxStatus.DISABLED);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        access = transactional();
        SSLContext tls = TlsContexts.server(PecTestProvider.material().tls());
        ProtocolServer.Limits imapLimits = new ProtocolServer.Limits(8192, settings.maxAppendBytes() + 8192, 20,
                true, Duration.ofMillis(500));
        ProtocolServer.Limits popLimits = new ProtocolServer.Limits(8192, 8192, 20, false, Duration.ofSeconds(5));
        Function<it.certmail.pec.access.domain.SessionOutput, it.certmail.pec.access.domain.ProtocolSession> imapSessions =
                out -> new ImapSession(access, out, settings, cache, hub, clock::instant, failedLogins);
        imap = new ProtocolServer("IMAP", InetAddress.getLoopbackAddress(), 0, tls, imapLimits, imapSessions,
                AccessTestServer::daemon, workers);
        pop3 = new ProtocolServer("POP3", InetAddress.getLoopbackAddress(), 0, tls, popLimits,
                out -> new Pop3Session(access, out, settings, hub, failedLogins), AccessTestServer::daemon, workers);
        imap.start();
        pop3.start();
    }

    /** The client trust: the test provider's CA. */
    static SSLContext clientTls() throws Exception {
        return TlsContexts.client(List.of(PecTestProvider.material().caCertificate()));
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

    /** Delivers {@code raw} into a folder as the delivery point does, then nudges the sessions. */
    DeliveredMessage deliver(String address, String folder, byte[] raw) throws IOException {
        BlobRef blob = blobs.store(new ByteArrayInputStream(raw));
        try {
            var summary = MessageSummaryReader.read(new ByteArrayInputStream(raw));
            DeliveredMessage d = tx(em -> {
                try {
                    return new JpaMessageStore(em).deliver(address, folder, blob, summary, List.of(), clock.instant());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            hub.publish(address);
            return d;
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

    private MailAccess transactional() {
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
                        // only changes nudge the sessions, as MailAccessService fires MailboxChanged
                        if (!java.util.Set.of("login", "status", "messages", "folders", "open", "usage", "index",
                                "changes", "uids", "prefixes").contains(method.getName())) {
                            hub.publish((String) args[0]);
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        // as in the EJB facade: checked refusals do not roll back
                        if (e.getCause() instanceof it.certmail.pec.access.domain.MailAccessException) {
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

    @Override
    public void close() {
        imap.stop();
        pop3.stop();
        workers.shutdownNow();
        emf.close();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (SQLException ignored) {
            // gone
        }
    }

    private record Ds(String url) implements DataSource {
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, "sa", "");
        }

        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
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

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "access-test");
        t.setDaemon(true);
        return t;
    }

    static Instant now() {
        return Instant.now();
    }
}
