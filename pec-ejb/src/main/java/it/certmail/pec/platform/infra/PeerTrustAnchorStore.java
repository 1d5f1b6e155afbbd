package it.certmail.pec.platform.infra;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import javax.sql.DataSource;

import it.certmail.pec.crypto.Certificates;

/**
 * Table {@code peer_trust_anchor}: the other providers' CA certificates trusted at run time, one row per
 * certificate (keyed by its SHA-256), shared by every node on the database. Each call takes its own auto-commit
 * connection from a non-transactional DataSource, so it never joins (or spoils) a caller's transaction.
 */
public final class PeerTrustAnchorStore {

    /** What changes when a row is added or removed: cheap to read, compared before re-reading the certificates. */
    public record Version(long count, Instant lastAdded) {
    }

    private final DataSource dataSource;

    public PeerTrustAnchorStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Version version() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*), MAX(added_at) FROM peer_trust_anchor")) {
            rs.next();
            OffsetDateTime last = rs.getObject(2, OffsetDateTime.class);
            return new Version(rs.getLong(1), last == null ? null : last.toInstant());
        }
    }

    /** The certificates, the earlier added first. */
    public List<X509Certificate> all() throws SQLException {
        List<X509Certificate> anchors = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pem FROM peer_trust_anchor ORDER BY added_at, sha256")) {
            while (rs.next()) {
                anchors.addAll(Certificates.parsePem(rs.getString(1)));
            }
        } catch (CertificateException e) {
            throw new SQLException("a row of peer_trust_anchor is not a PEM certificate: " + e.getMessage(), e);
        }
        return anchors;
    }

    /**
     * Stores the certificates not stored yet; one added at the same moment by another node counts as there.
     *
     * @return how many rows this call added
     */
    public int add(Collection<X509Certificate> certificates, Instant now, String addedBy) throws SQLException {
        int added = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO peer_trust_anchor"
                        + " (sha256, subject, pem, added_at, added_by) SELECT ?, ?, ?, ?, ? FROM (VALUES (1)) AS one(x)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM peer_trust_anchor WHERE sha256 = ?)")) {
            for (X509Certificate certificate : certificates) {
                String sha256 = sha256Hex(certificate);
                insert.setString(1, sha256);
                insert.setString(2, certificate.getSubjectX500Principal().getName());
                insert.setString(3, Certificates.toPem(certificate));
                insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                insert.setString(5, addedBy);
                insert.setString(6, sha256);
                try {
                    added += insert.executeUpdate();
                } catch (SQLException e) {
                    if (!isUniqueViolation(e)) {
                        throw e;
                    }
                    // another node stored it between our check and our insert
                }
            }
        }
        return added;
    }

    private static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState());
    }

    static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint " + certificate.getSubjectX500Principal(), e);
        }
    }
}
