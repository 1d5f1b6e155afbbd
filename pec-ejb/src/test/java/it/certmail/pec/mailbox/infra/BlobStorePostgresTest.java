package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** {@link BlobStoreTest} on PostgreSQL; on the embedded PostgreSQL unless {@code -Dpec.test.pg.url} names another. */
class BlobStorePostgresTest extends BlobStoreTest {

    @Override
    TestDatabase database() {
        return TestDatabase.postgres();
    }

    @Test
    void chunkBytesShouldStayInTheirRowsWhenTheyFitCompressed() throws SQLException {
        // the server's migrations (shared and PostgreSQL's own, as DatabaseMigration runs them) in a schema of their
        // own: V104 gives the chunk bytes storage MAIN and a page-sized TOAST target
        Flyway.configure().dataSource(db.dataSource).schemas("server_migrations")
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        try (Connection c = db.dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT a.attstorage, array_to_string(r.reloptions, ',')"
                        + " FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid"
                        + " JOIN pg_namespace n ON n.oid = r.relnamespace"
                        + " WHERE n.nspname = 'server_migrations' AND r.relname = 'message_blob_chunk'"
                        + " AND a.attname = 'data'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("m");
            assertThat(rs.getString(2)).contains("toast_tuple_target=8160");
        }
    }
}
