package it.certmail.pec.platform.infra;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes sure a commit the database acknowledged survives a kill of the process, since an SMTP 250 is given on
 * that acknowledgement.
 * <p>
 * H2 (MVStore) writes a commit to its file at once only with {@code WRITE_DELAY 0}; otherwise a background thread
 * writes the committed changes up to 500 ms later, and a {@code kill -9} loses them. {@code SET WRITE_DELAY} is
 * called persistent, but H2 2.x sets the delay again from the connection URL (default 500) at the end of every
 * database open, after reading its stored settings: the migration that set it once kept commits durable only until
 * the first restart. So every start sets it on the live database, before any listener opens.
 * <p>
 * PostgreSQL is its own process, so a kill of ours loses nothing it committed; without {@code fsync} or
 * {@code synchronous_commit} its own crash could, which is the operator's choice: it is only reported.
 */
public final class DurableCommits {

    private DurableCommits() {
    }

    /** What was found and done, for the start-up log. */
    public record Report(String database, boolean changed, List<String> warnings) {
    }

    /** Checks the database behind {@code c} and, on H2, sets immediate commit writes for the running database. */
    public static Report enforce(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if (product.toLowerCase(Locale.ROOT).contains("h2")) {
            boolean delayed = h2WriteDelays(c).stream().anyMatch(d -> d != 0);
            if (delayed) {
                try (Statement st = c.createStatement()) {
                    st.execute("SET WRITE_DELAY 0");
                }
                if (h2WriteDelays(c).stream().anyMatch(d -> d != 0)) {
                    throw new SQLException("H2 did not take WRITE_DELAY 0: acknowledged messages could be lost");
                }
            }
            return new Report(product, delayed, List.of());
        }
        List<String> warnings = new ArrayList<>();
        if (product.equalsIgnoreCase("PostgreSQL")) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                String value = show(c, setting);
                if ("off".equalsIgnoreCase(value)) {
                    warnings.add(setting + " is off: a crash of PostgreSQL itself can lose acknowledged messages");
                }
            }
        }
        return new Report(product, false, warnings);
    }

    /**
     * The write delays H2 reports: the stored setting and the one in force, which differ after a reopen (the
     * stored 0 and the URL's 500).
     */
    static List<Integer> h2WriteDelays(Connection c) throws SQLException {
        List<Integer> delays = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            while (rs.next()) {
                delays.add(Integer.parseInt(rs.getString(1).trim()));
            }
        }
        return delays;
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
