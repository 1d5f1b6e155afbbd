package it.certmail.pec.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import it.certmail.pec.testsupport.PostgresProcess;

/**
 * Prepares the database the Payara Micro container will use, before Arquillian starts it: embedded H2 (the
 * default) or PostgreSQL when the system property {@code pec.it.database} is {@code postgres}. It writes the
 * same post-boot commands that {@code ./pec run} writes and hands them to the adapter through the system
 * properties that {@code arquillian.xml} reads. Must be registered before {@code ArquillianExtension}.
 */
public final class DatabaseSetup implements BeforeAllCallback {

    public static final String ADMIN_PASSWORD = "it-admin-secret";
    public static final long VERIFY_MAX_BYTES = 1_000_000;
    private static PostgresProcess postgres;
    private static boolean done;

    public static String database() {
        return System.getProperty("pec.it.database", "h2");
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (done || Boolean.getBoolean("pec.it.incontainer")) {
            return; // the extension also runs inside the container, where there is nothing to set up
        }
        Path work = Path.of("target", "it-" + database()).toAbsolutePath();
        Files.createDirectories(work);
        Path dataDir = Files.createTempDirectory(work, "data");
        String pool;
        if (database().equals("postgres")) {
            postgres = PostgresProcess.start(work.resolve("postgres"));
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
            pool = "--datasourceclassname org.postgresql.ds.PGSimpleDataSource --restype javax.sql.DataSource"
                    + " --property url=" + escape(postgres.jdbcUrl("pec")) + ":user=postgres:password=unused";
        } else {
            pool = "--datasourceclassname org.h2.jdbcx.JdbcDataSource --restype javax.sql.DataSource"
                    + " --property url=" + escape("jdbc:h2:file:" + dataDir.resolve("db/pec")) + ":user=pec:password=pec";
        }
        Path postboot = work.resolve("postboot.txt");
        // the same two pools as ./pec run: jdbc/pec for JPA, jdbc/pecNonTx for Quartz's JobStoreTX, with the same
        // plain (untraced) connection wrappers
        pool = "--sqltracelisteners null " + pool;
        Files.writeString(postboot, "create-jdbc-connection-pool " + pool + " PecPool\n"
                + "create-jdbc-resource --connectionpoolid PecPool jdbc/pec\n"
                + "create-jdbc-connection-pool --nontransactionalconnections=true " + pool + " PecNonTxPool\n"
                + "create-jdbc-resource --connectionpoolid PecNonTxPool jdbc/pecNonTx\n");
        System.setProperty("payara.extraMicroOptions", "--nocluster --postbootcommandfile " + postboot
                + " --addlibs " + postgresDriverJar());
        System.setProperty("payara.cmdOptions", "-Xmx768m -Dpec.data.dir=" + dataDir
                + " -Dpec.admin.password=" + ADMIN_PASSWORD + " -Dpec.verify.max.bytes=" + VERIFY_MAX_BYTES + " -Dpec.clock.adjustable=true -Dpec.it.database=" + database() + " -Dpec.it.incontainer=true"
                + " -Dpec.smtp.submission.port=" + freePort() + " -Dpec.smtp.starttls.port=" + freePort()
                + " -Dpec.smtp.inbound.port=" + freePort() + " -Dpec.imap.port=" + freePort()
                + " -Dpec.pop3.port=" + freePort());
        done = true;
    }

    /** The container's mail listeners must not collide with a server running on the default ports. */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }

    private static Path postgresDriverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
