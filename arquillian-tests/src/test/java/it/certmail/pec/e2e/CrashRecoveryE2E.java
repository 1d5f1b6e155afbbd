package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.PecMail;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.it.support.PostgresProcess;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash del gestore: 8 clients submit 80 messages between two local mailboxes; after about 25 of them got their
 * 250, the server JVM is killed with SIGKILL. After a restart on the same data directory every acknowledged
 * message must end with exactly one envelope for the recipient and exactly one acceptance and one delivery receipt
 * for the sender (RFC 6109 and architecture.md §3: a 250 means everything is committed); no message may appear
 * twice, acknowledged or not.
 */
class CrashRecoveryE2E {

    private static final int MESSAGES = 80;
    private static final int THREADS = 8;
    private static final int KILL_AFTER_ACKS = 25;

    private static PecServer server;
    private static PostgresProcess postgres;
    private static Mailbox uno;
    private static Mailbox due;

    @BeforeAll
    static void start() {
        server = new PecServer("crash", "pec.crash.test", "Gestore Crash").freshDataDir()
                .env("PEC_CLOCK_ADJUSTABLE", "true");
        // -Dpec.e2e.crash.db=postgres: the same on PostgreSQL (a separate process, so the kill leaves it alone)
        if ("postgres".equals(System.getProperty("pec.e2e.crash.db", "h2"))) {
            postgres = PostgresProcess.start(PecServer.workDir().resolve("crash-pg"));
            server.env("PEC_DB_URL", postgres.jdbcUrl("pec")).env("PEC_DB_USER", "postgres")
                    .env("PEC_DB_PASSWORD", "postgres");
        }
        System.out.println("crash test database: " + (postgres == null ? "embedded H2" : postgres.jdbcUrl("pec")));
        server.startAndWait();
        server.rest().createDomain("crash.test");
        uno = server.mailbox("uno@crash.test", "Uno");
        due = server.mailbox("due@crash.test", "Due");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void acknowledgedSubmissionsShouldSurviveAKill9ExactlyOnce() throws Exception {
        long t0 = System.nanoTime();
        String run = Long.toString(System.nanoTime() & 0xffffff, 36);
        Map<Integer, String> acknowledged = new ConcurrentHashMap<>();
        Map<Integer, String> failed = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger acks = new AtomicInteger();
        Map<Integer, Long> ackedAt = new ConcurrentHashMap<>();
        Map<Integer, String> replies = new ConcurrentHashMap<>();
        Submission fromUno = new Submission(server, uno);
        Submission fromDue = new Submission(server, due);

        ExecutorService clients = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            clients.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < MESSAGES) {
                    boolean even = i % 2 == 0;
                    Submission smtp = even ? fromUno : fromDue;
                    Mailbox to = even ? due : uno;
                    String msgid = msgid(i, run);
                    try {
                        MimeMessage m = smtp.text(subject(i, run), "Messaggio " + i, List.of(to.address()), List.of());
                        m.setHeader("Message-ID", msgid);
                        Submission.Result r = smtp.send(m);
                        if (r.accepted()) {
                            ackedAt.put(i, System.nanoTime());
                            replies.put(i, r.reply());
                            acknowledged.put(i, msgid);
                            acks.incrementAndGet();
                        } else {
                            failed.put(i, r.code() + " " + r.reply());
                        }
                    } catch (Exception e) {
                        failed.put(i, e.toString());
                    }
                }
            });
        }
        // kill -9 once about 25 submissions have their 250
        while (acks.get() < KILL_AFTER_ACKS && next.get() < MESSAGES) {
            Thread.sleep(5);
        }
        int ackedAtKill = acks.get();
        long killStart = System.nanoTime();
        String killed = server.kill9();
        long killedAt = System.nanoTime();
        System.out.println("kill -9 after " + ackedAtKill + " acknowledged submissions: " + killed);
        assertThat(killed).as("the launcher execs java, so the process killed is the JVM").contains("java");
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("acknowledged " + acknowledged.size() + ", not acknowledged " + failed.size()
                + " of " + MESSAGES + " in " + secs(t0));
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(KILL_AFTER_ACKS);

        server.startAndWait();
        System.out.println("restarted on the same data directory in " + secs(killedAt));
        // the killed node's leases (2 minutes) would hold its claimed items; moving the service clock an hour on
        // makes them expire now instead of after a two-minute wait
        var advanced = server.rest().advanceClock(1);
        System.out.println("clock advance after restart: " + advanced.status() + " " + advanced.text());

        Map<String, Integer> counts = awaitQuiet(acknowledged, Duration.ofSeconds(200));

        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, String> e : new TreeMap<>(acknowledged).entrySet()) {
            String id = e.getValue();
            boolean even = e.getKey() % 2 == 0;
            String sender = even ? uno.address() : due.address();
            String rcpt = even ? due.address() : uno.address();
            int before = problems.size();
            expect(problems, counts, rcpt, "posta-certificata", id, 1);
            expect(problems, counts, sender, "accettazione", id, 1);
            expect(problems, counts, sender, "avvenuta-consegna", id, 1);
            if (problems.size() > before) {
                problems.add(id + " had its 250 " + (killStart - ackedAt.get(e.getKey())) / 1_000_000
                        + " ms before the kill: \"" + replies.get(e.getKey()) + "\"");
            }
        }
        counts.forEach((key, n) -> {
            if (n > 1) {
                problems.add("duplicate: " + key + " x" + n);
            }
        });
        System.out.println("crash recovery: " + counts.size() + " distinct (mailbox, kind, message) triples, "
                + problems.size() + " problems, total " + secs(t0));
        assertThat(problems).isEmpty();
    }

    /** Polls both INBOXes until every acknowledged message is complete and nothing changed for 8 s. */
    private static Map<String, Integer> awaitQuiet(Map<Integer, String> acknowledged, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> last = Map.of();
        long stableSince = System.nanoTime();
        Map<String, PecMail> cache = new ConcurrentHashMap<>();
        while (true) {
            Map<String, Integer> counts = census(cache);
            if (!counts.equals(last)) {
                last = counts;
                stableSince = System.nanoTime();
            }
            boolean complete = acknowledged.values().stream().allMatch(id ->
                    counts.keySet().stream().filter(k -> k.endsWith(" " + id)).count() == 3);
            long stable = System.nanoTime() - stableSince;
            if (complete && stable > TimeUnit.SECONDS.toNanos(8)) {
                return counts;
            }
            if (stable > TimeUnit.SECONDS.toNanos(45)) {
                System.out.println("incomplete but nothing changed for 45 s: giving up waiting");
                return counts;
            }
            if (System.nanoTime() > deadline) {
                System.out.println("not quiet/complete after " + timeout.toSeconds() + " s; log tail:\n"
                        + server.logTail(30));
                return counts;
            }
            sleep(1000);
        }
    }

    /** Counts of "{mailbox} {kind} {X-Riferimento-Message-ID}" over both INBOXes (downloads each message once). */
    private static Map<String, Integer> census(Map<String, PecMail> cache) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Mailbox box : List.of(uno, due)) {
            for (Map<String, Object> entry : box.list()) {
                PecMail mail = cache.computeIfAbsent(box.address() + "#" + entry.get("id"), k -> box.fetch(entry));
                String kind = mail.xTrasporto() != null ? mail.xTrasporto() : mail.xRicevuta();
                counts.merge(box.address() + " " + kind + " " + mail.referenceMessageId(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void expect(List<String> problems, Map<String, Integer> counts, String box, String kind,
            String msgid, int n) {
        int found = counts.getOrDefault(box + " " + kind + " " + msgid, 0);
        if (found != n) {
            problems.add(box + " has " + found + " " + kind + " for acknowledged " + msgid + " (expected " + n + ")");
        }
    }

    private static String msgid(int i, String run) {
        return "<crash-" + i + "-" + run + "@e2e.test>";
    }

    private static String subject(int i, String run) {
        return String.format(Locale.ROOT, "Crash %02d %s", i, run);
    }

    private static String secs(long t0) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
