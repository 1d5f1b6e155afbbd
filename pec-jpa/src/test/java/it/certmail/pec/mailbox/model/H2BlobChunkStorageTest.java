package it.certmail.pec.mailbox.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 vendor migrations as the server runs them: blob chunks live in H2's LOB storage, not inline pages. */
class H2BlobChunkStorageTest {

    @TempDir
    Path dir;

    private Connection migrated() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("pec");
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "classpath:db/vendor/h2")
                .load().migrate();
        return DriverManager.getConnection(url, "sa", "");
    }

    @Test
    void chunkDataShouldBeALargeObjectOnH2() throws Exception {
        try (Connection c = migrated(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT DATA_TYPE, IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS "
                        + "WHERE TABLE_NAME = 'MESSAGE_BLOB_CHUNK' AND COLUMN_NAME = 'DATA'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("BINARY LARGE OBJECT");
            assertThat(rs.getString(2)).isEqualTo("NO");
        }
    }

    @Test
    void manyMebibyteChunksInOneTransactionShouldReadBackExactly() throws Exception {
        byte[] chunk = new byte[1 << 20];
        MessageDigest written = MessageDigest.getInstance("SHA-256");
        MessageDigest read = MessageDigest.getInstance("SHA-256");
        try (Connection c = migrated()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message_blob (id, sha256, size_bytes, "
                    + "chunk_count, ref_count, created_at) VALUES (1, 'x', ?, 24, 1, ?)")) {
                ps.setLong(1, 24L << 20);
                ps.setObject(2, OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO message_blob_chunk (blob_id, seq, data) VALUES (1, ?, ?)")) {
                for (int seq = 0; seq < 24; seq++) {
                    for (int i = 0; i < chunk.length; i += 4096) {
                        chunk[i] = (byte) (seq * 7 + i);
                    }
                    written.update(chunk);
                    ps.setInt(1, seq);
                    ps.setBytes(2, chunk);
                    ps.executeUpdate();
                }
            }
            c.commit();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT data FROM message_blob_chunk WHERE blob_id = 1 ORDER BY seq")) {
                while (rs.next()) {
                    read.update(rs.getBytes(1));
                }
            }
        }
        assertThat(read.digest()).isEqualTo(written.digest());
    }
}
