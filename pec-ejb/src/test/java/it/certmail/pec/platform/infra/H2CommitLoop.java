package it.certmail.pec.platform.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The child process of {@link DurableCommitsTest}: opens an H2 file database as the server's pool does after a
 * restart, optionally applies {@link DurableCommits}, then commits one row after another and prints the id of each
 * row once its commit returned (as the server answers 250 once its commit returned), until it is killed.
 */
public final class H2CommitLoop {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        boolean enforce = Boolean.parseBoolean(args[1]);
        try (Connection c = DriverManager.getConnection(url, "pec", "pec")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS acked (id BIGINT PRIMARY KEY, payload VARCHAR(200))");
            }
            if (enforce) {
                DurableCommits.enforce(c);
            }
            System.out.println("ready");
            System.out.flush();
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO acked (id, payload) VALUES (?, ?)")) {
                for (long id = 1; ; id++) {
                    insert.setLong(1, id);
                    insert.setString(2, "acknowledged message " + id);
                    insert.executeUpdate();
                    c.commit();
                    System.out.println(id);
                    System.out.flush();
                }
            }
        }
    }
}
