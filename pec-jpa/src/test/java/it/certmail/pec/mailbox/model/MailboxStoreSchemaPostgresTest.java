package it.certmail.pec.mailbox.model;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** The mailbox schema contract on PostgreSQL; runs only with {@code -Dpec.test.pg.url} (see ProviderIndexSchemaPostgresTest). */
class MailboxStoreSchemaPostgresTest implements MailboxStoreSchemaContract {

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
