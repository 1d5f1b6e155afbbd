package it.certmail.pec.index.model;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The schema contract on PostgreSQL. Runs only when {@code -Dpec.test.pg.url=jdbc:postgresql://host/db}
 * (with {@code pec.test.pg.user} / {@code pec.test.pg.password}) names a database this test may create
 * schemas in; each test gets its own schema, dropped afterwards. Skipped otherwise: embedded PostgreSQL
 * binaries refuse to run as root, which is how the build machine runs.
 */
class ProviderIndexSchemaPostgresTest implements ProviderIndexSchemaContract {

    private static final String URL = System.getProperty("pec.test.pg.url", "");
    private static final String USER = System.getProperty("pec.test.pg.user", "postgres");
    private static final String PASSWORD = System.getProperty("pec.test.pg.password", "");

    private final String schema = "t_" + UUID.randomUUID().toString().replace("-", "");

    @BeforeEach
    void createSchema() throws SQLException {
        Assumptions.assumeTrue(!URL.isBlank(), "pec.test.pg.url not set: PostgreSQL schema test skipped");
        execute("CREATE SCHEMA " + schema);
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (!URL.isBlank()) {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    @Override
    public String freshJdbcUrl() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public String user() {
        return USER;
    }

    @Override
    public String password() {
        return PASSWORD;
    }
}
