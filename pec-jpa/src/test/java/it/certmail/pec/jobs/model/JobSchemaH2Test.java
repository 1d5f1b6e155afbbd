package it.certmail.pec.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V5 (Quartz, vendor folder) and V6 (job_run) on in-memory H2 2.2, with both locations as DatabaseMigration
 * runs them.
 */
class JobSchemaH2Test {

    private final String url = "jdbc:h2:mem:jobs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @BeforeEach
    void migrate() {
        Flyway.configure().dataSource(url, "sa", "")
                .locations("classpath:db/migration", "classpath:db/vendor/h2")
                .callbacks(new MessageBlobStandIn())
                .load().migrate();
    }

    @Test
    void quartzTablesShouldExistWithTheirKeys() throws SQLException {
        try (Connection c = connect()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "QRTZ_%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).containsExactlyInAnyOrder("QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS", "QRTZ_CRON_TRIGGERS",
                    "QRTZ_FIRED_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_LOCKS", "QRTZ_PAUSED_TRIGGER_GRPS",
                    "QRTZ_SCHEDULER_STATE", "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_TRIGGERS");
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('s', 'TRIGGER_ACCESS')");
                assertThatThrownBy(() -> s.execute("INSERT INTO qrtz_locks (sched_name, lock_name) VALUES ('s', 'TRIGGER_ACCESS')"))
                        .isInstanceOf(SQLException.class);
                // the blob column Quartz writes job data into
                s.execute("INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable,"
                        + " is_nonconcurrent, is_update_data, requests_recovery, job_data) VALUES ('s', 'j', 'g', 'X',"
                        + " TRUE, TRUE, FALSE, FALSE, X'CAFE')");
                try (ResultSet rs = s.executeQuery("SELECT job_data FROM qrtz_job_details")) {
                    rs.next();
                    assertThat(rs.getBytes(1)).containsExactly(0xCA, 0xFE);
                }
            }
        }
    }

    @Test
    void jobRunShouldTakeIdsFromItsSequenceAndRefuseUnknownTriggersAndStatuses() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT NEXT VALUE FOR job_run_seq")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(50);
            }
            insert(c, 1, "schedule", "RUNNING");
            insert(c, 2, "manual", "COMPLETED");
            assertThatThrownBy(() -> insert(c, 3, "cron", "RUNNING")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> insert(c, 4, "manual", "DONE")).isInstanceOf(SQLException.class);
            try (ResultSet rs = s.executeQuery("SELECT count(*), sum(processed) FROM job_run")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.getLong(2)).isZero();
            }
        }
    }

    private static void insert(Connection c, long id, String trigger, String status) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO job_run (id, job_name, triggered_by, started_at,"
                + " status, node) VALUES (?, 'log-retention', ?, ?, ?, 'node-1')")) {
            p.setLong(1, id);
            p.setString(2, trigger);
            p.setObject(3, OffsetDateTime.of(2026, 11, 23, 3, 15, 0, 0, ZoneOffset.UTC));
            p.setString(4, status);
            p.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, "sa", "");
    }

    /**
     * V4 references {@code message_blob}, which the mailbox store's V2 creates; when that migration is not on this
     * branch yet, a minimal stand-in is created just before V4 so the later versions can be checked.
     */
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
            if (context.getMigrationInfo() == null || !"4".equals(context.getMigrationInfo().getVersion().getVersion())) {
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
