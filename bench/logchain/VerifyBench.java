import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.log.domain.LogVerification;
import it.certmail.pec.log.domain.LogVerifier;
import it.certmail.pec.log.domain.RetentionPolicy;
import it.certmail.pec.log.infra.CmsSealSignatures;
import it.certmail.pec.log.infra.LogChainStore;

/**
 * Verification time of the registro on PostgreSQL, the whole registro against a range of days: a fresh schema
 * (monthly partitions), {@code days} days of {@code perDay} entries ending on 30 October 2026, chained and sealed
 * with a real CMS signature each day, then {@code LogChainStore.verify} over everything and over the last 7 days and
 * the last day (each three times, the first one unmeasured). Usage: java VerifyBench <days> <perDay> jdbc-url user
 * password
 */
public class VerifyBench {

    public static void main(String[] args) throws Exception {
        int days = Integer.parseInt(args[0]);
        int perDay = Integer.parseInt(args[1]);
        String base = args[2];
        String user = args[3];
        String password = args[4];
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            run(days, perDay, url, user, password);
        } finally {
            try (Connection c = DriverManager.getConnection(base, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    static void run(int days, int perDay, String url, String user, String password) throws Exception {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
        LocalDate last = LocalDate.of(2026, 10, 30);
        LocalDate first = last.minusDays(days - 1);
        Instant now = Instant.parse("2026-10-31T01:00:00Z");
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (LocalDate m = first.withDayOfMonth(1); !m.isAfter(last); m = m.plusMonths(1)) {
                String name = "pec_log_y" + m.getYear() + "m" + String.format("%02d", m.getMonthValue());
                s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF pec_log FOR VALUES FROM ('" + m
                        + " 00:00:00+00') TO ('" + m.plusMonths(1) + " 00:00:00+00')");
            }
            long t0 = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO pec_log (id, event_time, event_type, msgid,"
                    + " client_msgid, sender, recipients, subject, generated_ids, sending_provider)"
                    + " SELECT nextval('pec_log_seq'), CAST(? AS TIMESTAMP WITH TIME ZONE) + (g * INTERVAL '86399 seconds' / ?),"
                    + " 'CONSEGNA', 'opec210.' || g || '@pec.bench.example', '<c' || g || '@client.example>',"
                    + " 'alice@a.example', 'bob@b.example carol@c.example', 'Fattura n. ' || g || ' del mese',"
                    + " '<r' || g || '@pec.bench.example>', 'PEC Bench' FROM generate_series(0, ? - 1) g")) {
                for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                    p.setString(1, d + " 00:00:00+00");
                    p.setInt(2, perDay);
                    p.setInt(3, perDay);
                    p.executeUpdate();
                }
            }
            s.execute("ANALYZE pec_log");
            System.out.printf("wrote %d entries over %d days in %.1f s%n", (long) days * perDay, days,
                    (System.nanoTime() - t0) / 1e9);
        }
        ProviderKeyMaterial keys = new LocalPki().generate("Bench", "pec.bench.example",
                Instant.parse("2026-01-01T00:00:00Z")).material();
        SmimeSigner signer = new SmimeSigner(keys.signing());
        long t1 = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            while (new LogChainStore(c).sealNext(now, content -> {
                try {
                    return signer.signDetached(content, now);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).isPresent()) {
                c.commit();
            }
            c.commit();
        }
        System.out.printf("chained and sealed in %.1f s%n", (System.nanoTime() - t1) / 1e9);
        CmsSealSignatures signatures = new CmsSealSignatures(new SmimeVerifier(List.of(keys.caCertificate())),
                keys.signing().signerAddress());
        record Range(String name, LocalDate from, LocalDate to) {
        }
        for (Range r : List.of(new Range("whole", null, null), new Range("last 7 days", last.minusDays(6), last),
                new Range("last day", last, last))) {
            double best = Double.MAX_VALUE;
            LogVerification v = null;
            for (int i = 0; i < 3; i++) {
                long t = System.nanoTime();
                try (Connection c = DriverManager.getConnection(url, user, password)) {
                    v = new LogChainStore(c).verify(new LogVerifier(signatures, RetentionPolicy.PEC_LOG, now), now,
                            r.from(), r.to());
                }
                double ms = (System.nanoTime() - t) / 1e6;
                if (i > 0) {
                    best = Math.min(best, ms);
                }
            }
            System.out.printf("verify %-12s: %,9.0f ms best of 2 after a warm-up; %d days, %,d entries, %d seals,"
                    + " intact %s; %.1f ms per day, %.1f s per million entries%n", r.name(), best, v.daysChecked(),
                    v.entriesChecked(), v.seals(), v.intact(), best / v.daysChecked(),
                    best / 1000.0 / v.entriesChecked() * 1e6);
        }
    }
}
