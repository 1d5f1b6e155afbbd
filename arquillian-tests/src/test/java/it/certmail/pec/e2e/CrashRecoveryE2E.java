package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.PecMail;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.testsupport.PostgresProcess;
import jakarta.mail.internet.MimeMessage;

/**
 * Crash del gestore, broken as an operator would break it. Provider A takes a continuous load of submissions from
 * several clients: half to a mailbox at provider B (the envelope is relayed, B's presa in carico and delivery
 * receipt come back to A's reception point while A is being killed), half to a mailbox of A's own. A is killed
 * with SIGKILL {@value #DEFAULT_KILLS} times in a row (-Dpec.e2e.crash.kills=N) at random moments 4-9 s apart and
 * restarted each time on the same data directory. Then, for every submission that got its 250: exactly one
 * acceptance and one delivery receipt for the sender, one envelope for the recipient and one presa in carico (in
 * A's service mailbox when B issued it; kept with the delivery state, counted in A's registro, when A did); and
 * nothing, acknowledged or not, anywhere twice (RFC 6109; architecture.md §3: a 250 means everything is committed).
 * Run with both providers on H2, and with A on PostgreSQL (a process of its own, which the kill leaves alone);
 * -Dpec.e2e.crash.db=h2|postgres runs one of them.
 *
 * <p>The chaos suite ({@code bench/chaos/run.sh}) adds two things the CI run leaves out to stay short:
 * {@code -Dpec.e2e.crash.inbound=true} puts a client on B too (bob@b.test -> alice@a.test), so B's relay feeds A's
 * reception point with messages, not only receipts, while A is killed; and {@code -Dpec.e2e.crash.fault=pg-restart}
 * (PostgreSQL only) replaces the kills of A by stops of A's PostgreSQL for {@code pec.e2e.crash.pgDownSeconds} (20)
 * each: A is never restarted, must answer 4xx (never 250) while the database is away and take submissions again by
 * itself once it is back. {@code -Dpec.e2e.crash.fault=disk-full} (run as root) puts A's data directory on a tmpfs
 * of {@code pec.e2e.crash.diskMb} (400) MB with {@code pec.storage.min-free-mb} at 64, and fills it under load
 * until {@code pec.e2e.crash.diskLeaveMb} (32) MB are left, for 20 s each time: A must refuse with a 4xx (never a
 * 250) while the disk is full, lose and double nothing, and take submissions again by itself once the filler is
 * deleted. With {@code diskLeaveMb=0} the disk is really full: the work A had already accepted meets the full disk.
 * {@code -Dpec.e2e.crash.fault=two-nodes} (PostgreSQL only) runs A as two nodes on one PostgreSQL (same domain and
 * keys, node names of their own, no clock moved): half the clients submit to each, both run the work loops, and the
 * second node is killed with SIGKILL and restarted {@code kills} times, then killed once more and left dead: the
 * first must take over its leased work when the leases run out (2 minutes) and nothing may happen twice.
 */
class CrashRecoveryE2E {

    private static final int DEFAULT_KILLS = 3;
    private static final int KILLS = Integer.getInteger("pec.e2e.crash.kills", DEFAULT_KILLS);
    private static final int CLIENTS = 4;
    private static final String DB = System.getProperty("pec.e2e.crash.db", "both");
    private static final boolean INBOUND = Boolean.getBoolean("pec.e2e.crash.inbound");
    private static final boolean PG_RESTART = "pg-restart".equals(System.getProperty("pec.e2e.crash.fault", "kill"));
    private static final int PG_DOWN_SECONDS = Integer.getInteger("pec.e2e.crash.pgDownSeconds", 20);
    private static final boolean DISK_FULL = "disk-full".equals(System.getProperty("pec.e2e.crash.fault", "kill"));
    private static final int DISK_MB = Integer.getInteger("pec.e2e.crash.diskMb", 400);
    private static final int DISK_LEAVE_MB = Integer.getInteger("pec.e2e.crash.diskLeaveMb", 32);
    private static final int DISK_MIN_FREE_MB = 64;
    private static final int DISK_FULL_SECONDS = 20;
    private static final boolean TWO_NODES = "two-nodes".equals(System.getProperty("pec.e2e.crash.fault", "kill"));
    /**
     * How long the census may wait for the backlog to drain while it still moves: ten kills under reception load
     * leave thousands of B's items for A behind its retry back-off; CI's three kills settle well inside 300 s.
     */
    private static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("pec.e2e.crash.settleSeconds", 300));
    /**
     * The reception load's pause after each message B takes for A (ms): B is never killed and takes them while A is
     * down, so over ten restarts of a loaded machine the default piles up thousands of items for A to drain.
     */
    private static final int INBOUND_PAUSE_MS = Integer.getInteger("pec.e2e.crash.inboundPauseMs", 100);
    /** B's clock moves an hour at most this often while waiting: its back-off reaches 2 h after six failures. */
    private static final int MAX_NUDGES = 4;

    @Test
    void onH2EveryAcknowledgedMessageShouldSurviveKillsExactlyOnce() throws Exception {
        Assumptions.assumeTrue(DB.equals("both") || DB.equals("h2"), "-Dpec.e2e.crash.db=" + DB);
        Assumptions.assumeFalse(PG_RESTART || TWO_NODES, "this fault needs PostgreSQL");
        assumeRootForDiskFull();
        new Scenario("h2").run();
    }

    @Test
    void onPostgresEveryAcknowledgedMessageShouldSurviveKillsExactlyOnce() throws Exception {
        Assumptions.assumeTrue(DB.equals("both") || DB.equals("postgres"), "-Dpec.e2e.crash.db=" + DB);
        assumeRootForDiskFull();
        new Scenario("postgres").run();
    }

    private static void assumeRootForDiskFull() {
        if (DISK_FULL) {
            Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        }
    }

    /**
     * One submission of the load: who sent it to whom; {@code carrier} is the service mailbox of the sender's
     * provider, where the recipient's provider files its presa in carico (when the provider has one).
     */
    private record Sent(int n, String msgid, Mailbox from, Mailbox to, Optional<Mailbox> carrier) {
    }

    private static final class Scenario {

        private final String db;
        private final long seed = System.nanoTime();
        private final String run = Long.toString(seed & 0xffffff, 36);
        private PecServer a;
        private PecServer b;
        /** TWO_NODES: A's second node, the one killed. */
        private PecServer a2;
        private PostgresProcess postgres;
        private Mailbox alice;
        private Mailbox carlo;
        private Mailbox bob;
        private Optional<Mailbox> serviceA = Optional.empty();
        private Optional<Mailbox> serviceB = Optional.empty();
        private final Map<Integer, Sent> acknowledged = new ConcurrentHashMap<>();
        private final AtomicInteger notAcknowledged = new AtomicInteger();
        private final AtomicInteger inboundAcknowledged = new AtomicInteger();
        /** While A's database is away or its disk full: reply code (or "io" for a cut connection) -> how many. */
        private final Map<String, AtomicInteger> repliesWhileDbDown = new ConcurrentHashMap<>();
        private final AtomicBoolean dbDown = new AtomicBoolean();
        private final AtomicInteger acceptedWhileDbDown = new AtomicInteger();
        private boolean diskMounted;
        private volatile long lastKill = System.nanoTime();

        Scenario(String db) {
            this.db = db;
        }

        void run() throws Exception {
            long t0 = System.nanoTime();
            try {
                start();
                System.out.println("crash [" + db + "]: providers ready in " + secs(t0) + ", seed " + seed);
                load();
                List<String> problems = check();
                assertThat(problems).as("crash [%s], seed %d", db, seed).isEmpty();
            } catch (Exception e) {
                // the seed in the failure itself: the printed one goes when the next run rewrites the output file
                throw new AssertionError("crash [" + db + "], seed " + seed + ": " + e, e);
            } finally {
                if (a != null) {
                    a.stop();
                }
                if (b != null) {
                    b.stop();
                }
                if (a2 != null) {
                    a2.stop();
                }
                if (postgres != null) {
                    postgres.close();
                }
                if (diskMounted) {
                    command("umount", a.dataDir().toString());
                }
            }
        }

        private void start() {
            a = new PecServer("crash-a-" + db, "pec.a.test", "Gestore A").freshDataDir()
                    .env("PEC_CLOCK_ADJUSTABLE", "true");
            b = new PecServer("crash-b-" + db, "pec.b.test", "Gestore B").freshDataDir()
                    .env("PEC_CLOCK_ADJUSTABLE", "true");
            String toB = "127.0.0.1:" + b.inboundPort();
            String toA = "127.0.0.1:" + a.inboundPort();
            a.env("PEC_RELAY_ROUTES", "b.test=" + toB + ",pec.b.test=" + toB);
            b.env("PEC_RELAY_ROUTES", "a.test=" + toA + ",pec.a.test=" + toA);
            if (DISK_FULL) {
                // A's data directory (H2 files, keys, Payara's runtime directory) on a small file system of its own
                command("umount", a.dataDir().toString()); // left by an aborted run, if any
                PecServer.deleteTree(a.dataDir());
                mkdirs(a.dataDir());
                assertThat(command("mount", "-t", "tmpfs", "-o", "size=" + DISK_MB + "m", "tmpfs",
                        a.dataDir().toString())).as("mount of the tmpfs").isZero();
                diskMounted = true;
                a.env("PEC_STORAGE_MIN_FREE_MB", Integer.toString(DISK_MIN_FREE_MB));
            }
            if (db.equals("postgres")) {
                postgres = PostgresProcess.start(PecServer.workDir().resolve("crash-pg"));
                a.env("PEC_DB_URL", postgres.jdbcUrl("pec")).env("PEC_DB_USER", "postgres")
                        .env("PEC_DB_PASSWORD", "postgres");
            }
            a.start();
            b.start();
            a.awaitHealthy();
            b.awaitHealthy();
            a.rest().createDomain("a.test");
            b.rest().createDomain("b.test");
            alice = a.mailbox("alice@a.test", "Alice Bianchi");
            carlo = a.mailbox("carlo@a.test", "Carlo Neri");
            bob = b.mailbox("bob@b.test", "Bob Rossi");
            a.rest().importProviders(b.rest().providerLdif());
            b.rest().importProviders(a.rest().providerLdif());
            a.rest().addTrustAnchors(b.rest().providerCaPem());
            b.rest().addTrustAnchors(a.rest().providerCaPem());
            serviceA = a.serviceMailbox();
            serviceB = b.serviceMailbox();
            if (TWO_NODES) {
                startSecondNode();
            }
        }

        /** A's second node: the same database, domain and key material (copied from the first), its own name. */
        private void startSecondNode() {
            a2 = new PecServer("crash-a2-" + db, "pec.a.test", "Gestore A").freshDataDir()
                    .env("PEC_RELAY_ROUTES", "b.test=127.0.0.1:" + b.inboundPort() + ",pec.b.test=127.0.0.1:"
                            + b.inboundPort())
                    .env("PEC_DB_URL", postgres.jdbcUrl("pec")).env("PEC_DB_USER", "postgres")
                    .env("PEC_DB_PASSWORD", "postgres");
            try {
                Path keys = a.dataDir().resolve("keys");
                Path copy = a2.dataDir().resolve("keys");
                Files.createDirectories(copy);
                try (var files = Files.list(keys)) {
                    for (Path f : files.toList()) {
                        if (Files.isRegularFile(f)) {
                            Files.copy(f, copy.resolve(f.getFileName()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            a2.startAndWait();
        }

        /** Clients submit until told to stop; A is killed and restarted {@link #KILLS} times meanwhile. */
        private void load() throws Exception {
            Random random = new Random(seed);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger next = new AtomicInteger();
            Submission fromAlice = new Submission(a, alice);
            Submission fromCarlo = new Submission(a, carlo);
            // TWO_NODES: clients 1 and 3 submit to the second node
            Submission fromAlice2 = TWO_NODES ? new Submission(a2, alice) : fromAlice;
            Submission fromCarlo2 = TWO_NODES ? new Submission(a2, carlo) : fromCarlo;
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
            for (int c = 0; c < CLIENTS; c++) {
                Submission alices = c % 2 == 1 ? fromAlice2 : fromAlice;
                Submission carlos = c % 2 == 1 ? fromCarlo2 : fromCarlo;
                clients.execute(() -> {
                    while (!stop.get()) {
                        int n = next.getAndIncrement();
                        // even: alice@a.test -> bob@b.test (relayed); odd: carlo@a.test -> alice@a.test (local)
                        boolean remote = n % 2 == 0;
                        // local: A's presa in carico of its own transmission is kept with the delivery state (no
                        // service mailbox copy); the check counts it in A's registro instead
                        Sent sent = new Sent(n, msgid(n), remote ? alice : carlo, remote ? bob : alice,
                                remote ? serviceA : Optional.empty());
                        if (!submit(remote ? alices : carlos, sent)) {
                            sleep(250); // A is down: do not spin
                        }
                    }
                });
            }
            if (INBOUND) {
                // B is never killed: its relay keeps offering bob's messages to A's reception point, up or down
                Submission fromBob = new Submission(b, bob);
                AtomicInteger nextInbound = new AtomicInteger();
                clients.execute(() -> {
                    while (!stop.get()) {
                        int n = 1_000_000 + nextInbound.getAndIncrement();
                        Sent sent = new Sent(n, msgid(n), bob, alice, serviceB);
                        if (submit(fromBob, sent)) {
                            inboundAcknowledged.incrementAndGet();
                            sleep(INBOUND_PAUSE_MS);
                        } else {
                            sleep(250);
                        }
                    }
                });
            }
            if (PG_RESTART) {
                restartPostgresUnderLoad(random);
            } else if (DISK_FULL) {
                fillDiskUnderLoad(random);
            } else if (TWO_NODES) {
                killSecondNodeUnderLoad(random);
            } else {
                killUnderLoad(random);
            }
            sleep(3000);
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(180, TimeUnit.SECONDS)).isTrue();
            // B's relay met A down and waits 1, then 5 minutes before trying again: an hour on, it tries now
            assertThat(b.rest().advanceClock(1).ok()).isTrue();
            System.out.println("crash [" + db + "]: " + acknowledged.size() + " acknowledged (" + inboundAcknowledged.get()
                    + " of them submitted to B for A), " + notAcknowledged.get() + " not acknowledged, " + KILLS
                    + (PG_RESTART ? " stops of PostgreSQL" : DISK_FULL ? " times the disk full"
                    : TWO_NODES ? " kills of the second node" : " kills"));
            assertThat(acknowledged.size()).as("acknowledged submissions").isGreaterThanOrEqualTo(KILLS * 5);
        }

        private void killUnderLoad(Random random) {
            for (int kill = 1; kill <= KILLS; kill++) {
                sleep(4000 + random.nextInt(5000));
                int acksBefore = acknowledged.size();
                String killed = a.kill9();
                assertThat(killed).as("the launcher execs java, so the process killed is the JVM").contains("java");
                long down = System.nanoTime();
                a.startAndWait();
                // the killed process's leases (2 minutes) would hold its claimed work: an hour on, they have expired
                var advanced = a.rest().advanceClock(1);
                assertThat(advanced.ok()).as("clock advance: %s", advanced.text()).isTrue();
                System.out.println("crash [" + db + "]: kill " + kill + " after " + acksBefore + " acknowledged ("
                        + killed + "), up again in " + secs(down));
            }
        }

        /**
         * Stops A's PostgreSQL (fast shutdown: every connection of A's pool is cut) for PG_DOWN_SECONDS, starts it
         * again and waits for A, never restarted, to acknowledge a submission again.
         */
        private void restartPostgresUnderLoad(Random random) {
            for (int stop = 1; stop <= KILLS; stop++) {
                sleep(4000 + random.nextInt(5000));
                int acksBefore = acknowledged.size();
                postgres.stop();
                dbDown.set(true);
                long down = System.nanoTime();
                sleep(PG_DOWN_SECONDS * 1000L);
                dbDown.set(false);
                postgres.startAgain();
                int acksAtRestart = acknowledged.size();
                long up = System.nanoTime();
                long deadline = up + TimeUnit.SECONDS.toNanos(120);
                while (acknowledged.size() == acksAtRestart && System.nanoTime() < deadline) {
                    sleep(200);
                }
                assertThat(acknowledged.size()).as("A takes submissions again by itself after PostgreSQL's return")
                        .isGreaterThan(acksAtRestart);
                System.out.println("crash [" + db + "]: PostgreSQL stop " + stop + " after " + acksBefore
                        + " acknowledged, down " + secs(down) + ", first 250 again " + secs(up)
                        + " after its start; replies while down so far " + repliesWhileDbDown);
            }
            assertThat(acceptedWhileDbDown.get()).as("250s given while the database was away").isZero();
            assertThat(repliesWhileDbDown.keySet()).as("replies while the database was away")
                    .allMatch(code -> code.equals("io") || code.startsWith("4") || code.equals("250 once back"));
        }

        /**
         * Kills A's second node KILLS times, restarting it each time at once (no clock is moved: what the dead
         * process had leased waits for its leases to run out, then either node takes it), then once more for good.
         */
        private void killSecondNodeUnderLoad(Random random) {
            for (int kill = 1; kill <= KILLS + 1; kill++) {
                sleep(4000 + random.nextInt(5000));
                int acksBefore = acknowledged.size();
                String killed = a2.kill9();
                lastKill = System.nanoTime();
                assertThat(killed).as("the launcher execs java, so the process killed is the JVM").contains("java");
                if (kill > KILLS) {
                    System.out.println("crash [" + db + "]: second node killed for good after " + acksBefore
                            + " acknowledged (" + killed + "); the first node finishes its work");
                    break;
                }
                long down = System.nanoTime();
                a2.startAndWait();
                System.out.println("crash [" + db + "]: kill " + kill + " of the second node after " + acksBefore
                        + " acknowledged (" + killed + "), up again in " + secs(down));
            }
        }

        /**
         * Fills A's data disk with a file until DISK_LEAVE_MB are left, keeps it so for DISK_FULL_SECONDS, deletes the
         * file and waits for A, never restarted, to acknowledge a submission again. The replies count as "while down"
         * from 2 s after the fill (a submission checked just before it may still be answered 250, rightly: its
         * reading of the free space was taken when there was room) to the moment the file is deleted.
         */
        private void fillDiskUnderLoad(Random random) {
            Path filler = a.dataDir().resolve("filler.bin");
            for (int round = 1; round <= KILLS; round++) {
                sleep(4000 + random.nextInt(5000));
                int acksBefore = acknowledged.size();
                long free = fill(filler, DISK_LEAVE_MB * 1024L * 1024L);
                sleep(2000);
                dbDown.set(true);
                long full = System.nanoTime();
                sleep((DISK_FULL_SECONDS - 2) * 1000L);
                dbDown.set(false);
                try {
                    Files.delete(filler);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int acksAtFree = acknowledged.size();
                long freed = System.nanoTime();
                long deadline = freed + TimeUnit.SECONDS.toNanos(120);
                while (acknowledged.size() == acksAtFree && System.nanoTime() < deadline) {
                    sleep(200);
                }
                assertThat(acknowledged.size()).as("A takes submissions again by itself once space returns")
                        .isGreaterThan(acksAtFree);
                System.out.println("crash [" + db + "]: disk full " + round + " after " + acksBefore
                        + " acknowledged (" + free / (1024 * 1024) + " MB left), full " + secs(full)
                        + ", first 250 again " + secs(freed) + " after the space returned; replies while full so far "
                        + repliesWhileDbDown);
            }
            assertThat(acceptedWhileDbDown.get()).as("250s given while the disk was full").isZero();
            assertThat(repliesWhileDbDown.keySet()).as("replies while the disk was full")
                    .allMatch(code -> code.equals("io") || code.startsWith("4") || code.equals("250 once back"));
        }

        /** Writes zeros to {@code file} until {@code leave} bytes are left on its file system; returns what is left. */
        private static long fill(Path file, long leave) {
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                FileStore store = Files.getFileStore(file);
                ByteBuffer chunk = ByteBuffer.allocate(1024 * 1024);
                long left = store.getUsableSpace() - leave;
                while (left > 0) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                    try {
                        left -= out.write(chunk);
                    } catch (IOException full) {
                        break; // the server wrote meanwhile: the disk is as full as it gets
                    }
                }
                out.force(false);
                return store.getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static int command(String... args) {
            try {
                Process p = new ProcessBuilder(args).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static void mkdirs(Path dir) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private boolean submit(Submission smtp, Sent sent) {
            try {
                MimeMessage m = smtp.text(String.format(Locale.ROOT, "Crash %s %04d", run, sent.n()),
                        "Messaggio " + sent.n(), List.of(sent.to().address()), List.of());
                m.setHeader("Message-ID", sent.msgid());
                boolean duringOutage = dbDown.get() && submittedToA(sent);
                Submission.Result result = smtp.send(m);
                if (duringOutage) {
                    // a 250 to a submission begun while the database was away is fine once it is back (the
                    // transaction waited for it and committed); a 250 while it is still away would be a lie
                    boolean stillDown = dbDown.get();
                    String key = result.accepted() ? (stillDown ? "250 while down" : "250 once back")
                            : Integer.toString(result.code());
                    repliesWhileDbDown.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    if (result.accepted() && stillDown) {
                        acceptedWhileDbDown.incrementAndGet();
                    }
                }
                if (result.accepted()) {
                    acknowledged.put(sent.n(), sent);
                    return true;
                }
            } catch (Exception e) {
                // connection refused or cut by the kill: not acknowledged, so not promised
                if (dbDown.get() && submittedToA(sent)) {
                    repliesWhileDbDown.computeIfAbsent(replyCode(e), k -> new AtomicInteger()).incrementAndGet();
                }
            }
            notAcknowledged.incrementAndGet();
            return false;
        }

        /** Everything but bob's messages (the reception load, submitted to B) is submitted to A. */
        private boolean submittedToA(Sent sent) {
            return sent.from() != bob;
        }

        /** The SMTP code a refusal carried (AUTH and MAIL/RCPT/DATA refusals), "io" for a refused or cut connection. */
        private static String replyCode(Exception e) {
            if (e instanceof org.eclipse.angus.mail.smtp.SMTPSendFailedException f) {
                return Integer.toString(f.getReturnCode());
            }
            String message = String.valueOf(e.getMessage()).strip();
            return message.matches("^[245]\\d\\d[ -].*") ? message.substring(0, 3) : "io";
        }

        /** Waits for the work to settle, then counts what every mailbox holds. */
        /** Steps of a transmission A does once per recipient (retried relay attempts are logged each time). */
        private static final java.util.Set<String> ONCE_PER_TRANSMISSION = java.util.Set.of("ACCETTAZIONE",
                "BUSTA_TRASPORTO", "PRESA_IN_CARICO", "CONSEGNA");

        private List<String> check() {
            long t0 = System.nanoTime();
            Map<String, Integer> counts = awaitQuiet(SETTLE);
            List<String> problems = new ArrayList<>();
            int lost = 0;
            for (Sent s : new TreeMap<>(acknowledged).values()) {
                int before = problems.size();
                expect(problems, counts, s.from(), "accettazione", s);
                expect(problems, counts, s.from(), "avvenuta-consegna", s);
                expect(problems, counts, s.to(), "posta-certificata", s);
                s.carrier().ifPresent(service -> expect(problems, counts, service, "presa-in-carico", s));
                if (problems.size() > before) {
                    lost++;
                }
            }
            Map<String, List<Map<String, Object>>> carlos = registroOf(carlo);
            // the registro is written with the work it records: a step done once is logged once, whatever was killed
            // (an entry left by a step that never committed showed up as the same step logged twice)
            Map<String, List<Map<String, Object>>> alices = registroOf(alice);
            for (Map<String, List<Map<String, Object>>> sender : List.of(carlos, alices)) {
                sender.forEach((msgid, entries) -> {
                    Map<String, Long> steps = entries.stream().filter(e -> ONCE_PER_TRANSMISSION.contains(e.get("event")))
                            .collect(java.util.stream.Collectors.groupingBy(e -> e.get("event") + " " + e.get("recipients"),
                                    TreeMap::new, java.util.stream.Collectors.counting()));
                    steps.forEach((step, n) -> {
                        if (n > 1 && acknowledged.values().stream().anyMatch(s -> bare(s.msgid()).equals(msgid))) {
                            problems.add("registro of A: " + step + " logged " + n + " times for <" + msgid + ">");
                        }
                    });
                });
            }
            for (Sent s : new TreeMap<>(acknowledged).values()) {
                if (s.from() == carlo) {
                    List<Map<String, Object>> entries = carlos.getOrDefault(bare(s.msgid()), List.of());
                    long n = entries.stream().filter(e -> "RICEZIONE_RICEVUTA".equals(e.get("event"))
                            && String.valueOf(e.get("detail")).startsWith("TAKE_CHARGE; kept")).count();
                    if (n != 1) {
                        // every entry of the transmission, to tell a second reception from a second keep
                        problems.add("presa in carico kept " + n + " times in A's registro for " + s.msgid()
                                + "; its entries: " + entries.stream().map(e -> e.get("id") + " " + e.get("time")
                                + " " + e.get("event") + " [" + e.get("detail") + "] " + e.get("generatedIds"))
                                .toList());
                    }
                }
            }
            int doubled = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() > 1) {
                    problems.add("twice or more: " + e.getKey() + " x" + e.getValue());
                    doubled++;
                }
            }
            int receipts = counts.entrySet().stream().filter(e -> !e.getKey().contains(" posta-certificata "))
                    .mapToInt(Map.Entry::getValue).sum();
            int delivered = counts.entrySet().stream().filter(e -> e.getKey().contains(" posta-certificata "))
                    .mapToInt(Map.Entry::getValue).sum();
            System.out.println("crash recovery [" + db + "]: "
                    + (PG_RESTART ? "PostgreSQL stops " : DISK_FULL ? "disk full " : TWO_NODES
                    ? "kills of the second node (then once for good) " : "kills ") + KILLS
                    + ", acknowledged " + acknowledged.size() + " (" + inboundAcknowledged.get() + " via B)"
                    + ", not acknowledged " + notAcknowledged.get() + ", delivered " + delivered + ", receipts "
                    + receipts + ", incomplete " + lost + ", doubled " + doubled + " (settled in " + secs(t0) + ")"
                    + (PG_RESTART ? ", replies while PostgreSQL was away " + repliesWhileDbDown : "")
                    + (DISK_FULL ? ", replies while the disk was full " + repliesWhileDbDown : ""));
            problems.forEach(p -> System.out.println("  " + p));
            return problems;
        }

        /**
         * A's registro entries of one sender's transmissions by client Message-ID, read page by page (1000 a page).
         * A's presa in carico of its own (local) transmissions is kept with the delivery state (NoticeFiling) and
         * noted there, not filed in a mailbox.
         */
        private Map<String, List<Map<String, Object>>> registroOf(Mailbox sender) {
            Map<Long, Map<String, Object>> entries = new TreeMap<>();
            String from = null;
            while (true) {
                List<Map<String, Object>> page = it.certmail.pec.e2e.support.Json.arrayOfObjects(a.rest()
                        .adminGet("/api/admin/log?limit=1000&sender=" + sender.address()
                                + (from == null ? "" : "&from=" + from)).requireOk("GET log").text());
                int before = entries.size();
                page.forEach(e -> entries.put(((Number) e.get("id")).longValue(), e));
                if (page.size() < 1000 || entries.size() == before) {
                    break;
                }
                from = (String) page.get(page.size() - 1).get("time");
            }
            Map<String, List<Map<String, Object>>> byMsgid = new TreeMap<>();
            entries.values().forEach(e -> byMsgid.computeIfAbsent(bare(String.valueOf(e.get("clientMsgid"))),
                    k -> new ArrayList<>()).add(e));
            return byMsgid;
        }

        private static String bare(String id) {
            String s = id.strip();
            return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
        }

        private Map<String, Integer> awaitQuiet(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, PecMail> cache = new ConcurrentHashMap<>();
            Map<String, Integer> last = Map.of();
            int nudges = 0;
            long stableSince = System.nanoTime();
            long lastNudge = 0;
            while (true) {
                Map<String, Integer> counts = census(cache);
                if (!counts.equals(last)) {
                    last = counts;
                    stableSince = System.nanoTime();
                }
                long stable = System.nanoTime() - stableSince;
                // two nodes: wait out the dead node's leases too, so that a second processing would be seen
                boolean leasesOver = !TWO_NODES || System.nanoTime() - lastKill > TimeUnit.SECONDS.toNanos(150);
                if (complete(counts) && stable > TimeUnit.SECONDS.toNanos(8) && leasesOver) {
                    return counts;
                }
                if (stable > TimeUnit.SECONDS.toNanos(20) && !complete(counts) && nudges < MAX_NUDGES
                        && System.nanoTime() - lastNudge > TimeUnit.SECONDS.toNanos(20)) {
                    // a retry of B's that met A down again waits longer still (1 min ... 2 h): an hour on each time
                    // nothing moved for 20 s, so the census never stops while B still has a retry pending
                    if (b.rest().advanceClock(1).ok()) {
                        nudges++;
                        lastNudge = System.nanoTime();
                        stableSince = lastNudge;
                        System.out.println("crash [" + db + "]: B's clock moved an hour on (" + nudges + "), "
                                + queues());
                    }
                }
                // two nodes: the dead node's leases (2 minutes) hold its work that long
                long giveUp = TWO_NODES ? 180 : 60;
                if (stable > TimeUnit.SECONDS.toNanos(giveUp)) {
                    System.out.println("crash [" + db + "]: incomplete, nothing changed for " + giveUp
                            + " s, " + queues() + "; log tail of A:\n"
                            + a.logTail(30));
                    return counts;
                }
                if (System.nanoTime() > deadline) {
                    System.out.println("crash [" + db + "]: not settled after " + timeout.toSeconds() + " s, "
                            + queues());
                    return counts;
                }
                sleep(1000);
            }
        }

        /** What the two providers still hold: their work waiting and held, from their metrics. */
        private String queues() {
            return "A " + workFigures(a) + ", B " + workFigures(b);
        }

        private static String workFigures(PecServer server) {
            try {
                String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + server.httpPort() + "/api/metrics")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return text.lines().filter(l -> l.startsWith("pec_work_pending{") || l.startsWith("pec_work_held "))
                        .map(l -> l.replace("pec_work_", "").replace("queue=", "")).toList().toString();
            } catch (IOException | RuntimeException e) {
                return "(no metrics: " + e + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "(interrupted)";
            }
        }

        private boolean complete(Map<String, Integer> counts) {
            Map<String, Integer> found = new TreeMap<>();
            counts.keySet().forEach(k -> found.merge(k.substring(k.lastIndexOf(' ') + 1), 1, Integer::sum));
            return acknowledged.values().stream()
                    .allMatch(s -> found.getOrDefault(s.msgid(), 0) >= (s.carrier().isPresent() ? 4 : 3));
        }

        /** "{mailbox} {kind} {X-Riferimento-Message-ID}" -> count, over every mailbox involved. */
        private Map<String, Integer> census(Map<String, PecMail> cache) {
            Map<String, Integer> counts = new TreeMap<>();
            List<Mailbox> boxes = new ArrayList<>(List.of(alice, carlo, bob));
            serviceA.ifPresent(boxes::add);
            serviceB.ifPresent(boxes::add);
            for (Mailbox box : boxes) {
                for (Map<String, Object> entry : box.list()) {
                    PecMail mail = cache.computeIfAbsent(box.address() + "#" + entry.get("id"), k -> box.fetch(entry));
                    String kind = mail.xTrasporto() != null ? mail.xTrasporto() : mail.xRicevuta();
                    if (kind != null && mail.referenceMessageId() != null
                            && mail.referenceMessageId().contains("-" + run + "@")) {
                        counts.merge(box.address() + " " + kind + " " + mail.referenceMessageId(), 1, Integer::sum);
                    }
                }
            }
            return counts;
        }

        private static void expect(List<String> problems, Map<String, Integer> counts, Mailbox box, String kind,
                Sent s) {
            int found = counts.getOrDefault(box.address() + " " + kind + " " + s.msgid(), 0);
            if (found != 1) {
                problems.add(box.address() + " has " + found + " " + kind + " for acknowledged " + s.msgid()
                        + " (" + s.from().address() + " -> " + s.to().address() + ")");
            }
        }

        private String msgid(int n) {
            return "<crash-" + n + "-" + run + "@e2e.test>";
        }
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
