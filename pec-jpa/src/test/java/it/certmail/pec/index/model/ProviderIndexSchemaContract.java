package it.certmail.pec.index.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V1__provider_index.sql on a real database: run by the H2 test and, when a PostgreSQL URL is given, by
 * the PostgreSQL test. Each test migrates a fresh, empty schema.
 */
public interface ProviderIndexSchemaContract {

    /** JDBC URL of an empty database (or schema) for this test. */
    String freshJdbcUrl();

    String user();

    String password();

    private Connection migrated() throws SQLException {
        Flyway.configure().dataSource(freshJdbcUrl(), user(), password()).load().migrate();
        return java.sql.DriverManager.getConnection(freshJdbcUrl(), user(), password());
    }

    /** Ids as EclipseLink hands them out: blocks of 50 ending at the value read from the sequence. */
    private static long nextId(Connection c, String sequence) throws SQLException {
        // NEXT VALUE FOR is H2 and standard SQL; PostgreSQL spells it nextval('...')
        String sql = c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")
                ? "SELECT nextval('" + sequence + "')" : "SELECT NEXT VALUE FOR " + sequence;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long insertProvider(Connection c, String name, String unit) throws SQLException {
        long id = nextId(c, "provider_seq");
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO provider (id, name, provider_unit, mail_receipt, imported_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, name);
            ps.setString(3, unit);
            ps.setString(4, "ricevute@pec.example");
            ps.setObject(5, OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return id;
    }

    private static void insertCertificate(Connection c, long providerId, String hash, byte[] der) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO provider_certificate (id, provider_id, sha1_hash, der, list_order) VALUES (?, ?, ?, ?, 0)")) {
            ps.setLong(1, nextId(c, "provider_certificate_seq"));
            ps.setLong(2, providerId);
            ps.setString(3, hash);
            ps.setBytes(4, der);
            ps.executeUpdate();
        }
    }

    private static void insertDomain(Connection c, long providerId, String domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO provider_domain (id, provider_id, domain_name) VALUES (?, ?, ?)")) {
            ps.setLong(1, nextId(c, "provider_domain_seq"));
            ps.setLong(2, providerId);
            ps.setString(3, domain);
            ps.executeUpdate();
        }
    }

    @Test
    default void migrationShouldStoreAndReturnCertificateBytesAndTimestamps() throws SQLException {
        byte[] der = new byte[3000];
        for (int i = 0; i < der.length; i++) {
            der[i] = (byte) i;
        }
        try (Connection c = migrated()) {
            long id = insertProvider(c, "Gestore Alfa", "");
            insertCertificate(c, id, "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B", der);
            insertDomain(c, id, "pec.alfa.example");

            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT p.imported_at, c.der FROM provider p "
                            + "JOIN provider_certificate c ON c.provider_id = p.id "
                            + "JOIN provider_domain d ON d.provider_id = p.id WHERE d.domain_name = 'pec.alfa.example'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, OffsetDateTime.class).toInstant())
                        .isEqualTo(OffsetDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC).toInstant());
                assertThat(rs.getBytes(2)).isEqualTo(der);
            }
        }
    }

    @Test
    default void sequencesShouldStartAtTheEndOfTheFirstBlockOfFifty() throws SQLException {
        try (Connection c = migrated()) {
            assertThat(nextId(c, "provider_seq")).isEqualTo(50);
            assertThat(nextId(c, "provider_seq")).isEqualTo(100);
            assertThat(nextId(c, "provider_certificate_seq")).isEqualTo(50);
            assertThat(nextId(c, "provider_domain_seq")).isEqualTo(50);
        }
    }

    @Test
    default void migrationShouldRejectTwoMainRecordsOfTheSameProvider() throws SQLException {
        try (Connection c = migrated()) {
            insertProvider(c, "Gestore Beta", "");
            insertProvider(c, "Gestore Beta", "Ambiente2");

            assertThatThrownBy(() -> insertProvider(c, "Gestore Beta", "")).isInstanceOf(SQLException.class);
        }
    }

    @Test
    default void migrationShouldRejectADomainOrHashClaimedTwice() throws SQLException {
        try (Connection c = migrated()) {
            long a = insertProvider(c, "Gestore Alfa", "");
            long b = insertProvider(c, "Gestore Beta", "");
            insertDomain(c, a, "pec.alfa.example");
            insertCertificate(c, a, "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B", new byte[] {1});

            assertThatThrownBy(() -> insertDomain(c, b, "pec.alfa.example")).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> insertCertificate(c, b, "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B", new byte[] {2}))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    default void deletingAProviderShouldCascadeToItsCertificatesAndDomains() throws SQLException {
        try (Connection c = migrated()) {
            long a = insertProvider(c, "Gestore Alfa", "");
            insertDomain(c, a, "pec.alfa.example");
            insertCertificate(c, a, "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B", new byte[] {1});

            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM provider WHERE id = " + a);
                try (ResultSet rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM provider_domain) "
                        + "+ (SELECT COUNT(*) FROM provider_certificate)")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isZero();
                }
            }
        }
    }
}
