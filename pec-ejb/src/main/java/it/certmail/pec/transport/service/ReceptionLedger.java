package it.certmail.pec.transport.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The copies our reception point already took charge of, by content (SHA-256 of the exact bytes) and recipient.
 * SMTP is at least once: a sender that did not record our 250 (killed, or the reply lost) sends the same message
 * again. Keyed on the exact bytes, a second copy is recognised while a different message can never be taken for
 * one already received, whatever its Message-ID claims.
 * <p>
 * Runs in the caller's transaction (the JTA {@code jdbc/pec} in the container): the entries commit with the work
 * they announce. Two copies received at once both insert; one waits for the other and fails on the primary key, so
 * its sender gets a temporary error and, on retry, the first copy's answer.
 */
public final class ReceptionLedger {

    private final DataSource dataSource;

    public ReceptionLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records the recipients of this content not recorded before and returns them, in the given order; an empty
     * list means every recipient already had this copy.
     */
    public List<String> recordNew(String contentSha256, List<String> recipients, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Set<String> known = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT recipient FROM reception_ledger WHERE content_sha256 = ?")) {
                ps.setString(1, contentSha256);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
            }
            List<String> fresh = new ArrayList<>();
            for (String rcpt : recipients) {
                if (!known.contains(rcpt) && !fresh.contains(rcpt)) {
                    fresh.add(rcpt);
                }
            }
            if (!fresh.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO reception_ledger (content_sha256, recipient, received_at) VALUES (?, ?, ?)")) {
                    for (String rcpt : fresh) {
                        ps.setString(1, contentSha256);
                        ps.setString(2, rcpt);
                        ps.setTimestamp(3, Timestamp.from(now));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new IllegalStateException("reception ledger: " + e.getMessage(), e);
        }
    }

    /** Forgets the copies received before {@code cutoff}; returns how many entries went. */
    public int forgetBefore(Instant cutoff) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM reception_ledger WHERE received_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("reception ledger: " + e.getMessage(), e);
        }
    }
}
