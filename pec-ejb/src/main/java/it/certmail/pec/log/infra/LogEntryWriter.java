package it.certmail.pec.log.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.platform.infra.DatabaseProduct;

/**
 * Writes a transaction's registro entries as multi-row INSERTs over the transaction's own connection: one statement
 * (one round trip) for the handful of entries a step records, in the order given. Each id is taken from
 * {@code pec_log_seq} in the statement itself, row after row, so a later entry of the same transaction always has a
 * larger id (the chain orders by time, then id). The sequence counts in blocks of 50 (JPA's allocation, which used
 * the 49 values below the one it drew): a value drawn here is the top of a block nobody else uses.
 */
public final class LogEntryWriter {

    /** rows per statement: a step writes 1-7; a longer transaction's entries go in statements of this many */
    static final int MAX_ROWS = 64;

    private static final String INSERT = "INSERT INTO pec_log (id, event_time, event_type, msgid, client_msgid, sender,"
            + " recipients, subject, generated_ids, sending_provider, detail) VALUES ";

    private final Connection c;

    public LogEntryWriter(Connection c) {
        this.c = c;
    }

    /** Inserts every entry, in order; fails (and the caller's commit with it) unless every row was written. */
    public void write(List<LogEntry> entries) throws SQLException {
        String nextId = DatabaseProduct.isPostgres(c)
                ? "nextval('pec_log_seq')" : "NEXT VALUE FOR pec_log_seq";
        for (int from = 0; from < entries.size(); from += MAX_ROWS) {
            List<LogEntry> part = entries.subList(from, Math.min(entries.size(), from + MAX_ROWS));
            StringBuilder sql = new StringBuilder(INSERT);
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "(" : ", (").append(nextId).append(", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                int n = 1;
                for (LogEntry e : part) {
                    p.setObject(n++, OffsetDateTime.ofInstant(e.getEventTime(), ZoneOffset.UTC));
                    p.setString(n++, e.getEventType().name());
                    p.setString(n++, e.getMsgid());
                    p.setString(n++, e.getClientMsgid());
                    p.setString(n++, e.getSender());
                    p.setString(n++, e.getRecipients());
                    p.setString(n++, e.getSubject());
                    p.setString(n++, e.getGeneratedIds());
                    p.setString(n++, e.getSendingProvider());
                    p.setString(n++, e.getDetail());
                }
                int written = p.executeUpdate();
                if (written != part.size()) {
                    throw new SQLException(part.size() + " registro entries to write, " + written + " written");
                }
            }
        }
    }
}
