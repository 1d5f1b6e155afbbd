package it.certmail.pec.mailbox.model;

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

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V2__mailbox_store.sql on a real database (H2 always, PostgreSQL when configured); a fresh schema per test. */
public interface MailboxStoreSchemaContract {

    OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);

    String freshJdbcUrl();

    String user();

    String password();

    private Connection migrated() throws SQLException {
        Flyway.configure().dataSource(freshJdbcUrl(), user(), password()).load().migrate();
        return DriverManager.getConnection(freshJdbcUrl(), user(), password());
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void mailbox(Connection c) throws SQLException {
        update(c, "INSERT INTO mail_domain (id, name, created_at) VALUES (1, 'b.test', ?)", T0);
        update(c, "INSERT INTO mailbox (id, address, domain_id, holder_name, web_password_hash, status, created_at) "
                + "VALUES (1, 'bob@b.test', 1, 'Bob', '$h', 'ACTIVE', ?)", T0);
        update(c, "INSERT INTO mail_folder (id, mailbox_id, name, uid_validity) VALUES (1, 1, 'INBOX', 1)");
    }

    @Test
    default void migrationShouldGiveMailboxDefaults() throws SQLException {
        try (Connection c = migrated()) {
            mailbox(c);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT accept_ordinary_mail, "
                    + "block_non_pec_recipients, quota_bytes, used_bytes, version, plan, expires_at FROM mailbox")) {
                rs.next();
                assertThat(rs.getBoolean(1)).isTrue();
                assertThat(rs.getBoolean(2)).isFalse();
                assertThat(rs.getLong(3)).isEqualTo(1L << 30);
                assertThat(rs.getLong(4)).isZero();
                assertThat(rs.getLong(5)).isZero();
                assertThat(rs.getString(6)).isNull();
                assertThat(rs.getObject(7)).isNull();
            }
            assertThat(count(c, "SELECT uid_next FROM mail_folder")).isEqualTo(1);
            assertThatThrownBy(() -> update(c, "INSERT INTO mailbox (id, address, domain_id, holder_name, "
                    + "web_password_hash, status, created_at) VALUES (2, 'bob@b.test', 1, 'B', '$h', 'ACTIVE', ?)", T0))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    default void chunkRowsShouldHoldAMebibyteOfBytes() throws SQLException {
        byte[] data = new byte[1 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        try (Connection c = migrated()) {
            update(c, "INSERT INTO message_blob (id, sha256, size_bytes, chunk_count, ref_count, created_at) "
                    + "VALUES (1, 'x', 1048576, 1, 1, ?)", T0);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_blob_chunk (blob_id, seq, data) VALUES (1, 0, ?)")) {
                ps.setBytes(1, data);
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT data FROM message_blob_chunk")) {
                rs.next();
                assertThat(rs.getBytes(1)).isEqualTo(data);
            }
            assertThatThrownBy(() -> update(c, "INSERT INTO message_blob (id, sha256, size_bytes, chunk_count, ref_count, "
                    + "created_at) VALUES (2, 'x', 0, 0, 1, ?)", T0)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    default void uidsShouldBeUniquePerFolderAndMessagesGoWithTheirMailbox() throws SQLException {
        try (Connection c = migrated()) {
            mailbox(c);
            update(c, "INSERT INTO message_blob (id, sha256, size_bytes, chunk_count, ref_count, created_at) "
                    + "VALUES (1, 'x', 0, 0, 1, ?)", T0);
            String insert = "INSERT INTO stored_message (id, folder_id, uid, blob_id, size_bytes, internal_date, modseq) "
                    + "VALUES (?, 1, ?, 1, 0, ?, 1)";
            update(c, insert, 1L, 1L, T0);
            assertThatThrownBy(() -> update(c, insert, 2L, 1L, T0)).isInstanceOf(SQLException.class);

            update(c, "DELETE FROM mailbox WHERE id = 1");

            assertThat(count(c, "SELECT COUNT(*) FROM mail_folder")).isZero();
            assertThat(count(c, "SELECT COUNT(*) FROM stored_message")).isZero();
            // blobs are shared: they go by reference count, never by cascade
            assertThat(count(c, "SELECT COUNT(*) FROM message_blob")).isEqualTo(1);
        }
    }
}
