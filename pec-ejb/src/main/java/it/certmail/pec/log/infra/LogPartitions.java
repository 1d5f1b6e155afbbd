package it.certmail.pec.log.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import it.certmail.pec.platform.infra.DatabaseProduct;

/**
 * Monthly partitions of {@code pec_log} on PostgreSQL: created ahead, dropped whole by retention. On H2, which
 * has no partitions, retention deletes the rows instead.
 */
public final class LogPartitions {

    private static final Pattern PARTITION = Pattern.compile("pec_log_y(\\d{4})m(\\d{2})");

    private final DataSource dataSource;

    public LogPartitions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the partitions of {@code first} and the {@code count - 1} months after it, where missing. */
    public void ensureMonths(YearMonth first, int count) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!isPostgres(c)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                for (int i = 0; i < count; i++) {
                    YearMonth m = first.plusMonths(i);
                    s.execute("CREATE TABLE IF NOT EXISTS " + name(m) + " PARTITION OF pec_log FOR VALUES FROM ('"
                            + start(m) + "') TO ('" + start(m.plusMonths(1)) + "')");
                }
            }
        }
    }

    /**
     * Removes every entry before {@code firstKept}: drops the month partitions before it on PostgreSQL (and deletes
     * what the default partition holds of that time), deletes the rows on H2.
     *
     * @return the number of entries removed
     */
    public long removeBefore(YearMonth firstKept) throws SQLException {
        Instant cutoff = firstKept.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long removed = 0;
        try (Connection c = dataSource.getConnection()) {
            if (isPostgres(c)) {
                for (String partition : partitionsBefore(c, firstKept)) {
                    try (Statement s = c.createStatement()) {
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + partition)) {
                            rs.next();
                            removed += rs.getLong(1);
                        }
                        s.execute("DROP TABLE " + partition);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM pec_log WHERE event_time < ?")) {
                p.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                removed += p.executeUpdate();
            }
        }
        return removed;
    }

    private static List<String> partitionsBefore(Connection c, YearMonth firstKept) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT child.relname FROM pg_inherits"
                     + " JOIN pg_class parent ON pg_inherits.inhparent = parent.oid"
                     + " JOIN pg_class child ON pg_inherits.inhrelid = child.oid WHERE parent.relname = 'pec_log'")) {
            while (rs.next()) {
                Matcher m = PARTITION.matcher(rs.getString(1));
                if (m.matches() && YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).isBefore(firstKept)) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static boolean isPostgres(Connection c) throws SQLException {
        return DatabaseProduct.isPostgres(c);
    }

    static String name(YearMonth m) {
        return String.format("pec_log_y%04dm%02d", m.getYear(), m.getMonthValue());
    }

    private static String start(YearMonth m) {
        return m.atDay(1) + " 00:00:00+00";
    }
}
