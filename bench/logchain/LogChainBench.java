import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.log.infra.LogChainStore;

/**
 * The cost of the registro's hash chain: a log write (one INSERT, one commit, as PecLog's in its caller's
 * transaction) on the schema before the chain (V43) and after it (V71), then the chaining step's cost per entry and
 * the seal's cost per day. Usage: java LogChainBench h2|postgres <entries> [jdbc-url user password]
 */
public class LogChainBench {

    public static void main(String[] args) throws Exception {
        String vendor = args[0];
        int n = Integer.parseInt(args[1]);
        for (String target : new String[] {"43", "latest", "43", "latest"}) {
            try (Db db = Db.open(vendor, args)) {
                Flyway.configure().dataSource(db.url, db.user, db.password)
                        .locations("classpath:db/migration", "classpath:db/vendor/" + (vendor.equals("h2") ? "h2" : "postgresql"))
                        .target(target).load().migrate();
                if (!vendor.equals("h2")) {
                    // the month's partition, as LogPartitions creates it ahead
                    try (Connection c = db.connect(); Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE pec_log_y2026m11 PARTITION OF pec_log"
                                + " FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00')");
                    }
                }
                double write = writes(db, n);
                System.out.printf("%s schema %-6s: log write %.1f us (%d writes, one commit each)%n", vendor,
                        target.equals("43") ? "V43" : "V71", write, n);
                if (!target.equals("43")) {
                    long t0 = System.nanoTime();
                    int chained = 0;
                    try (Connection c = db.connect()) {
                        c.setAutoCommit(false);
                        for (int k; (k = new LogChainStore(c).chainPending(2000)) > 0; ) {
                            c.commit();
                            chained += k;
                        }
                        c.commit();
                    }
                    double perEntry = (System.nanoTime() - t0) / 1000.0 / chained;
                    SmimeSigner signer = new SmimeSigner(new LocalPki()
                            .generate("Bench", "pec.bench.example", Instant.parse("2026-01-01T00:00:00Z")).material().signing());
                    long t1 = System.nanoTime();
                    int sealed = 0;
                    try (Connection c = db.connect()) {
                        c.setAutoCommit(false);
                        Instant now = Instant.parse("2026-12-01T00:30:00Z");
                        while (new LogChainStore(c).sealNext(now, content -> {
                            try {
                                return signer.signDetached(content, now);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }).isPresent()) {
                            c.commit();
                            sealed++;
                        }
                        c.commit();
                    }
                    System.out.printf("%s chaining %.1f us per entry (%d entries, batches of 2000); sealing %.1f ms per"
                            + " day (%d days)%n", vendor, perEntry, chained, (System.nanoTime() - t1) / 1e6 / sealed, sealed);
                }
            }
        }
    }

    /** n entries over 30 days of November 2026, each its own transaction; the first fifth warms up. */
    static double writes(Db db, int n) throws Exception {
        boolean pg = !db.url.startsWith("jdbc:h2");
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            long start = 0;
            int warm = n / 5;
            try (PreparedStatement seq = c.prepareStatement(pg ? "SELECT nextval('pec_log_seq')" : "SELECT NEXT VALUE FOR pec_log_seq");
                 PreparedStatement p = c.prepareStatement("INSERT INTO pec_log (id, event_time, event_type, msgid, client_msgid,"
                         + " sender, recipients, subject, generated_ids, sending_provider, detail) VALUES (?, ?, 'CONSEGNA', ?, ?,"
                         + " 'alice@a.example', 'bob@b.example carol@c.example', 'Fattura n. 1234 del mese', ?, 'PEC Bench', NULL)")) {
                for (int i = 0; i < n + warm; i++) {
                    if (i == warm) {
                        start = System.nanoTime();
                    }
                    long id;
                    try (ResultSet rs = seq.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    Instant t = Instant.parse("2026-11-01T00:00:00Z").plusSeconds((long) i * 30 * 86400 / (n + warm));
                    p.setLong(1, id);
                    p.setObject(2, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
                    p.setString(3, "opec210.20261101." + id + "@pec.bench.example");
                    p.setString(4, "<" + UUID.randomUUID() + "@client.example>");
                    p.setString(5, "<r" + id + "@pec.bench.example>");
                    p.executeUpdate();
                    c.commit();
                }
            }
            return (System.nanoTime() - start) / 1000.0 / n;
        }
    }

    record Db(String url, String user, String password, String schema, Path dir) implements AutoCloseable {

        static Db open(String vendor, String[] args) throws Exception {
            if (vendor.equals("h2")) {
                Path dir = Files.createTempDirectory(Path.of("bench/target"), "logchain-h2-");
                return new Db("jdbc:h2:file:" + dir.toAbsolutePath() + "/pec;WRITE_DELAY=0", "pec", "pec", null, dir);
            }
            String schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection c = DriverManager.getConnection(args[2], args[3], args[4]); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return new Db(args[2] + (args[2].contains("?") ? "&" : "?") + "currentSchema=" + schema, args[3], args[4], schema, null);
        }

        Connection connect() throws Exception {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public void close() throws Exception {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute(schema == null ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
