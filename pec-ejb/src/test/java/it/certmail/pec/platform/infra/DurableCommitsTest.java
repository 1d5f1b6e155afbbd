package it.certmail.pec.platform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged commit survives {@code kill -9} on the embedded H2, also after the restart that used to bring
 * the 500 ms write delay back (issue: acknowledged messages lost after kill -9).
 */
class DurableCommitsTest {

    @TempDir
    Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("pec");
    }

    @Test
    void h2BringsItsWriteDelayBackAtEveryOpenWhateverAMigrationSet() throws SQLException {
        try (Connection c = DriverManager.getConnection(url(), "pec", "pec"); Statement st = c.createStatement()) {
            st.execute("SET WRITE_DELAY 0"); // what migration V10 did, once
            assertThat(DurableCommits.h2WriteDelays(c)).containsOnly(0);
        }
        try (Connection c = DriverManager.getConnection(url(), "pec", "pec")) {
            // the cause of the lost 250s: after a restart commits were written up to 500 ms late again
            assertThat(DurableCommits.h2WriteDelays(c)).contains(500);
            DurableCommits.Report report = DurableCommits.enforce(c);
            assertThat(report.changed()).isTrue();
            assertThat(DurableCommits.h2WriteDelays(c)).containsOnly(0);
            assertThat(DurableCommits.enforce(c).changed()).isFalse();
        }
    }

    @Test
    void everyCommitAcknowledgedBeforeAKill9IsThereAfterIt() throws Exception {
        // a first life of the database (as the first start of the server), then two kills in a row, each while
        // commits are acknowledged as fast as the process can make them
        try (Connection c = DriverManager.getConnection(url(), "pec", "pec"); Statement st = c.createStatement()) {
            st.execute("SET WRITE_DELAY 0");
            st.execute("CREATE TABLE acked (id BIGINT PRIMARY KEY, payload VARCHAR(200))");
        }
        for (int kill = 1; kill <= 2; kill++) {
            List<Long> acknowledged = commitUntilKilled(true, 1500);
            List<Long> missing = missing(acknowledged);
            assertThat(missing).as("rows acknowledged before kill %d but gone after it (of %d)", kill,
                    acknowledged.size()).isEmpty();
            try (Connection c = DriverManager.getConnection(url(), "pec", "pec"); Statement st = c.createStatement()) {
                st.execute("DELETE FROM acked");
            }
        }
    }

    /** Starts the child, lets it acknowledge {@code rows} commits, kills it with SIGKILL; returns what it acknowledged. */
    private List<Long> commitUntilKilled(boolean enforce, int rows) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                H2CommitLoop.class.getName(), url(), Boolean.toString(enforce))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<Long> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.US_ASCII))) {
            assertThat(out.readLine()).isEqualTo("ready");
            String line;
            while (acknowledged.size() < rows && (line = out.readLine()) != null) {
                acknowledged.add(Long.parseLong(line));
            }
            // SIGKILL (the handle, unlike Process.destroyForcibly, leaves its output readable): no shutdown hook runs
            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // what the child printed between our last read and the kill was acknowledged too
            while ((line = out.readLine()) != null) {
                if (!line.isBlank() && line.chars().allMatch(Character::isDigit)) {
                    acknowledged.add(Long.parseLong(line));
                }
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(rows);
        return acknowledged;
    }

    private List<Long> missing(List<Long> acknowledged) throws SQLException {
        List<Long> missing = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(), "pec", "pec");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id FROM acked")) {
            java.util.Set<Long> present = new java.util.HashSet<>();
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
            for (long id : acknowledged) {
                if (!present.contains(id)) {
                    missing.add(id);
                }
            }
        }
        return missing;
    }
}
