package it.certmail.pec.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;

import it.certmail.pec.testsupport.TestPostgres;

/**
 * V40-V42 (operators, audit trail, mailbox list indexes) on in-memory H2 as DatabaseMigration runs them; and on
 * PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another) the append-only trigger of V41.
 */
class OperatorSchemaTest {

    @Test
    void h2ShouldKeepOperatorsAndAuditRecords() throws SQLException {
        String url = "jdbc:h2:mem:operators-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        migrate(url, "sa", "", "h2");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO operator_account (username, role, created_at, created_by)"
                    + " VALUES ('admin', 'ADMIN', CURRENT_TIMESTAMP, 'system')");
            assertThatThrownBy(() -> s.execute("INSERT INTO operator_account (username, role, created_at, created_by)"
                    + " VALUES ('root', 'ROOT', CURRENT_TIMESTAMP, 'admin')")).isInstanceOf(SQLException.class);
            insertAudit(s);
            try (ResultSet rs = s.executeQuery("SELECT actor, totp_last_step FROM audit_record, operator_account")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("anna");
                assertThat(rs.getLong(2)).isZero();
            }
        }
    }

    @Test
    void postgresShouldRefuseToChangeOrRemoveAnAuditRecord() throws SQLException {
        String schema = TestPostgres.createSchema("t_");
        try {
            String url = TestPostgres.urlIn(schema);
            migrate(url, TestPostgres.user(), TestPostgres.password(), "postgresql");
            try (Connection c = DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
                    Statement s = c.createStatement()) {
                insertAudit(s);
                assertThatThrownBy(() -> s.execute("UPDATE audit_record SET actor = 'eve'"))
                        .hasMessageContaining("append-only");
                assertThatThrownBy(() -> s.execute("DELETE FROM audit_record"))
                        .hasMessageContaining("append-only");
            }
        } finally {
            TestPostgres.dropSchema(schema);
        }
    }

    private static void insertAudit(Statement s) throws SQLException {
        String nextId = s.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL")
                ? "nextval('audit_record_seq')" : "NEXT VALUE FOR audit_record_seq";
        s.execute("INSERT INTO audit_record (id, recorded_at, actor, actor_role, address, channel, action, target,"
                + " before_value, after_value) VALUES (" + nextId + ", CURRENT_TIMESTAMP, 'anna', 'auditor',"
                + " '10.0.0.1', 'console', 'mailbox.suspend', 'a@b.test', 'status=ACTIVE', 'status=DISABLED')");
    }

    private static void migrate(String url, String user, String password, String vendor) {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .callbacks(new MessageBlobStandIn()).load().migrate();
    }

    /** V4 refers to message_blob, which the message store creates outside these migrations (as JobSchemaH2Test). */
    static final class MessageBlobStandIn implements Callback {

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.BEFORE_EACH_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            if (context.getMigrationInfo() == null
                    || !"4".equals(context.getMigrationInfo().getVersion().getVersion())) {
                return;
            }
            try (Statement s = context.getConnection().createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS message_blob (id BIGINT NOT NULL PRIMARY KEY)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String getCallbackName() {
            return "message-blob-stand-in";
        }
    }
}
