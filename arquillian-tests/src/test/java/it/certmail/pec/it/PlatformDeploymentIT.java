package it.certmail.pec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Base64;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import it.certmail.pec.it.support.AcceptanceFilingThatFails;
import it.certmail.pec.it.support.CommitThatFailsLate;
import it.certmail.pec.it.support.DatabaseSetup;
import it.certmail.pec.it.support.PecDeployment;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.platform.service.DatabaseMigration;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import it.certmail.pec.transport.service.AccessPointService;

/**
 * The real WAR deploys on Payara Micro, the schema migrates and the persistence unit works, on the database the
 * run selects (H2 by default, PostgreSQL in the {@code it-postgres} execution); the HTTP surface answers.
 */
@ExtendWith(DatabaseSetup.class)
@ExtendWith(ArquillianExtension.class)
// only the two log-retention steps need an order: the first (in the container) prepares what the second checks
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformDeploymentIT {

    /** A msgid of a log entry older than the 30 months kept, written by the first retention step. */
    private static final String EXPIRED_MSGID = "opec1.expired.it@pec.localhost";

    @Deployment
    static WebArchive deployment() {
        return PecDeployment.war(PlatformDeploymentIT.class, AcceptanceFilingThatFails.class,
                CommitThatFailsLate.class);
    }

    @Inject
    DatabaseMigration migration;

    @Inject
    ProviderIndexService index;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    PecLog log;

    @Resource
    UserTransaction tx;

    @Inject
    CommitThatFailsLate commitThatFailsLate;

    @Inject
    AccessPointService accessPoint;

    @Inject
    MailboxService mailboxes;

    @Inject
    MessageStoreService store;

    @Inject
    java.time.Clock clock;

    @Test
    void schemaShouldBeMigratedOnTheSelectedDatabase() throws Exception {
        // runs inside the container, where only JUnit's own assertions are on the class path
        assertNotNull(migration.schemaVersion(), "no migration was applied");
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            assertEquals(DatabaseSetup.database().equals("postgres") ? "PostgreSQL" : "H2", product);
        }
    }

    @Test
    void ownProviderRecordShouldBeInTheIndexThroughThePersistenceUnit() {
        ProviderRecord own = index.ownRecord();
        assertTrue(index.all().stream().anyMatch(r -> r.name().equals(own.name())
                && r.certificateHashes().equals(own.certificateHashes())), "own record missing from " + index.all());
        assertTrue(index.index().findByCertificateHash(own.certificateHashes().get(0)).isPresent());
    }

    @Test
    void logShouldRecordInTheCallersTransactionAndFindByMsgid() throws Exception {
        String msgid = "opec1.test." + System.nanoTime() + "@pec.localhost";
        tx.begin();
        log.record(new LogEvent(LogEventType.ACCETTAZIONE, java.time.Instant.now(), msgid, "<c@x>", "alice@a.test",
                java.util.List.of("bob@b.test"), "prova", java.util.List.of("<r1@pec.localhost>"), "PEC Locale", null));
        tx.commit();
        java.util.List<LogEntry> found = log.search(new LogQuery(msgid, null, null, null, 10));
        assertEquals(1, found.size());
        assertEquals("alice@a.test", found.get(0).getSender());
        if (DatabaseSetup.database().equals("postgres")) {
            try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_inherits i JOIN pg_class p"
                         + " ON i.inhparent = p.oid WHERE p.relname = 'pec_log'")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 4, "default + 3 monthly partitions expected, found " + rs.getInt(1));
            }
        }
    }

    @Test
    void registroEntriesShouldRollBackWithACommitThatFailsAfterTheyAreWritten() throws Exception {
        // a container-managed step writes, records, and then its commit fails late (a synchronization after the
        // registro's): nothing it recorded may stay. Written as the transaction completed, the entries went over a
        // connection of their own in auto-commit and stayed, and were recorded again when the work was redone
        // (a kill -9 before the commit did the same)
        for (boolean inOneStatement : new boolean[] {false, true}) {
            String msgid = "opec1.rolledback." + System.nanoTime() + "@pec.localhost";
            String domain = "rolledback" + System.nanoTime() + ".test";
            try {
                if (inOneStatement) {
                    commitThatFailsLate.recordInOneStatement(msgid, domain, true);
                } else {
                    commitThatFailsLate.recordAndFailTheCommit(msgid, domain);
                }
                org.junit.jupiter.api.Assertions.fail("the commit should have failed");
            } catch (jakarta.ejb.EJBException expected) {
                // the transaction rolled back, as it must
            }
            assertTrue(!mailboxes.isLocalDomain(domain), "the domain of a transaction that rolled back");
            assertEquals(0, log.search(new LogQuery(msgid, null, null, null, 10)).size(),
                    "registro entries of a transaction that rolled back (kept until the step ends: " + inOneStatement
                            + ")");
        }
        // and a step that keeps its entries commits them with its work
        String msgid = "opec1.kept." + System.nanoTime() + "@pec.localhost";
        String domain = "kept" + System.nanoTime() + ".test";
        commitThatFailsLate.recordInOneStatement(msgid, domain, false);
        assertTrue(mailboxes.isLocalDomain(domain));
        assertEquals(java.util.List.of(LogEventType.PRESA_IN_CARICO, LogEventType.CONSEGNA),
                log.search(new LogQuery(msgid, null, null, null, 10)).stream().map(LogEntry::getEventType).toList());
    }

    @Test
    void aSubmissionThatFailsAfterItsEnvelopeIsQueuedShouldLeaveNothingBehind() throws Exception {
        // the acceptance cannot be filed (a checked exception) after the envelope was stored and queued: the client
        // is told 451 and will send again, so nothing of this attempt may commit, or the message would exist twice
        String sender = AcceptanceFilingThatFails.SENDER;
        String recipient = "rcpt@rollback.test";
        mailboxes.createDomain("rollback.test");
        mailboxes.createMailbox(sender, "web-pass-rollback-1", "Mittente", null, null);
        mailboxes.createMailbox(recipient, "web-pass-rollback-2", "Destinatario", null, null);
        byte[] message = ("From: " + sender + "\r\nTo: " + recipient + "\r\nSubject: rollback\r\n"
                + "Date: Sun, 6 Dec 2026 10:00:00 +0100\r\nMessage-ID: <rollback@client.test>\r\n\r\ntesto\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SubmissionEnvelope envelope = new SubmissionEnvelope(sender, sender, java.util.List.of(recipient),
                java.net.InetAddress.getLoopbackAddress(), "client.test", "rollback-1");

        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> accessPoint.submit(envelope, new java.io.ByteArrayInputStream(message)));

        // committed work would be delivered by the reception workers within milliseconds: give them the time
        Thread.sleep(2000);
        try (Connection c = dataSource.getConnection();
             java.sql.PreparedStatement work = c.prepareStatement("SELECT count(*) FROM work_item WHERE mail_from = ?");
             java.sql.PreparedStatement sent = c.prepareStatement("SELECT count(*) FROM transmission WHERE sender = ?")) {
            work.setString(1, sender);
            sent.setString(1, sender);
            assertEquals(0, count(work), "work queued by the failed submission");
            assertEquals(0, count(sent), "transmission recorded by the failed submission");
        }
        assertEquals(0, store.list(recipient, "INBOX").size(), "the failed submission was delivered");
        assertEquals(0, store.list(sender, "INBOX").size(), "the failed submission filed a receipt");
        assertEquals(0, log.search(new LogQuery(null, sender, null, null, 10)).size(), "the failed submission was logged");
    }

    @Test
    void aRecipientWhoseTimeoutNoticeCannotBeMadeShouldBeHeldWithoutStoppingTheJob(@ArquillianResource URL base)
            throws Exception {
        // a transmission whose stored daticert cannot be read, 13 hours without presa in carico: its 12 h notice
        // cannot be composed; before, that row failed the whole batch every minute and no notice went out at all
        java.time.Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (java.sql.PreparedStatement t = c.prepareStatement("INSERT INTO transmission (id, pec_msgid,"
                    + " client_msgid, sender, subject, accepted_at, envelope_blob, daticert)"
                    + " VALUES (990001, 'opec-broken-daticert@pec.localhost', '<c@x>', 'broken@rollback.test', 'x', ?, 0, ?)")) {
                t.setObject(1, now.minus(java.time.Duration.ofHours(13)).atOffset(java.time.ZoneOffset.UTC));
                t.setBytes(2, "not a daticert".getBytes(StandardCharsets.US_ASCII));
                t.executeUpdate();
            }
            try (java.sql.PreparedStatement r = c.prepareStatement("INSERT INTO delivery (id, transmission_id,"
                    + " recipient, certified, dispatched_at, next_check_at) VALUES (990001, 990001, 'bob@elsewhere.test',"
                    + " TRUE, ?, ?)")) {
                r.setObject(1, now.minus(java.time.Duration.ofHours(13)).atOffset(java.time.ZoneOffset.UTC));
                r.setObject(2, now.minus(java.time.Duration.ofHours(1)).atOffset(java.time.ZoneOffset.UTC));
                r.executeUpdate();
            }
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> run = post(http, base, "api/admin/jobs/delivery-timeouts/run", "");
        // 409: the scheduled run is at it on this node at this moment
        assertTrue(run.statusCode() == 200 || run.statusCode() == 409, run.statusCode() + " " + run.body());
        // this run or the scheduled one held the row with its error (5 minutes at the first failure); no notice
        // was recorded for it
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT next_check_at, warning_sent, notice_error"
                     + " FROM delivery WHERE id = 990001")) {
            assertTrue(rs.next());
            java.time.Instant next = rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            assertTrue(next.isAfter(now.plus(java.time.Duration.ofMinutes(4))), "not held: next check at " + next);
            assertTrue(!rs.getBoolean(2), "a warning was marked sent");
            assertTrue(rs.getString(3) != null && rs.getString(3).contains("unreadable daticert"),
                    "held without its error: " + rs.getString(3));
        }
    }

    private static int count(java.sql.PreparedStatement query) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void embeddedDatabaseShouldWriteEveryCommitAtOnce() throws Exception {
        // this pool's URL leaves H2's 500 ms write delay in place (as an operator's own URL might): the server's
        // start must have set it to 0, or a 250 could be lost by a kill -9 (DurableCommits)
        if (DatabaseSetup.database().equals("h2")) {
            try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                         + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                int rows = 0;
                while (rs.next()) {
                    assertEquals("0", rs.getString(1).trim());
                    rows++;
                }
                assertTrue(rows > 0, "H2 reports no WRITE_DELAY");
            }
        }
    }

    @Test
    @RunAsClient
    void providersLdifShouldImportOthersAndRefuseOurOwnRecord(@ArquillianResource URL base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String ownLdif = http.send(admin(base, "api/admin/provider/ldif").build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(ownLdif.contains("objectClass: provider") && ownLdif.contains("mailReceipt: posta-certificata@"), ownLdif);

        String others = new String(PlatformDeploymentIT.class.getResourceAsStream("/index/igpec-example.ldif").readAllBytes(),
                StandardCharsets.UTF_8);
        HttpResponse<String> imported = http.send(admin(base, "api/admin/providers")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(others)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
        assertTrue(imported.body().contains("Gestore Alfa"), imported.body());

        HttpResponse<String> own = http.send(admin(base, "api/admin/providers")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(ownLdif)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, own.statusCode(), own.body());
        assertTrue(own.body().contains("own provider name"), own.body());
    }

    @Test
    @RunAsClient
    void verifyShouldExplainARealReceiptAndRefuseGarbageAndOversizedBodies(@ArquillianResource URL base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        byte[] aruba = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(System.getProperty("pec.shared.dir", "../../shared"),
                "vectors", "aruba-2018-ricevuta-accettazione.eml"));
        HttpResponse<String> verdict = http.send(admin(base, "api/tools/verify").header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(aruba)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verdict.statusCode(), verdict.body());
        // AgID CA1 is not among this server's trust anchors. The index is a source of trust (RFC 6109 §4.5): once
        // providersLdifShouldImportOthersAndRefuseOurOwnRecord has imported the example LDIF, whose Gestore Alfa signs
        // with the Aruba 2017 certificate, the receipt comes from a listed provider that does not manage
        // pec.aruba.it (anomalia); before, nothing trusts it (ordinary mail)
        boolean listed = verdict.body().contains("\"inProviderIndex\":true");
        assertTrue(verdict.body().contains(listed ? "\"kind\":\"anomalia\"" : "\"kind\":\"ordinary\"")
                && verdict.body().contains("\"validAtSigningTime\":" + listed), verdict.body());
        assertTrue(verdict.body().contains("opec288.20181113163926.01838.310.1.63@pec.aruba.it"), verdict.body());
        assertTrue(verdict.body().contains("\"problems\":[\""), verdict.body());
        // the facts apart: the content is the signed one, the certificate was valid then and has expired since
        assertTrue(verdict.body().contains("\"contentIntact\":true") && verdict.body().contains("\"chainTrusted\":false")
                && verdict.body().contains("\"certificateValidAtSigningTime\":true")
                && verdict.body().contains("\"certificateValidNow\":false")
                && verdict.body().contains("\"validNow\":false"), verdict.body());

        HttpResponse<String> garbage = http.send(admin(base, "api/tools/verify").header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2, 3, (byte) 0xff})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, garbage.statusCode(), garbage.body());
        HttpResponse<String> empty = http.send(admin(base, "api/tools/verify").header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, empty.statusCode(), empty.body());
        HttpResponse<String> huge = http.send(admin(base, "api/tools/verify").header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) DatabaseSetup.VERIFY_MAX_BYTES + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, huge.statusCode(), huge.body());
    }

    @Test
    @Order(1)
    void quartzShouldRunClusteredOnTheSelectedDatabaseAndAnOldLogEntryShouldBeWaiting() throws Exception {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            try (java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM qrtz_scheduler_state"
                    + " WHERE sched_name = 'PecScheduler'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "one clustered Quartz node checked in");
            }
            try (java.sql.ResultSet rs = s.executeQuery("SELECT trigger_type, next_fire_time FROM qrtz_triggers"
                    + " WHERE trigger_name = 'log-retention'")) {
                assertTrue(rs.next(), "log-retention has no trigger");
                assertEquals("CRON", rs.getString(1));
                assertTrue(rs.getLong(2) > System.currentTimeMillis(), "next firing in the past");
            }
        }
        // 32 months ago: past RFC 6109's 30 months, so the retention run must remove it once its month is sealed.
        // Sealing goes forward from the first seal, and the log-seal job may already have sealed yesterday at start:
        // an entry back-dated 32 months can only be sealed on a log whose chain starts afresh, so it does (under the
        // chainer's lock)
        java.time.Instant old = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).minusMonths(32).toInstant();
        tx.begin();
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeQuery("SELECT id FROM pec_log_chain_lock WHERE id = 1 FOR UPDATE").close();
            s.executeUpdate("DELETE FROM pec_log_day");
            s.executeUpdate("UPDATE pec_log SET chain_seq = NULL, entry_hash = NULL");
        }
        log.record(new LogEvent(LogEventType.ACCETTAZIONE, old, EXPIRED_MSGID, "<old@x>", "alice@a.test",
                java.util.List.of("bob@b.test"), "vecchio", java.util.List.of(), "PEC Locale", null));
        tx.commit();
        assertEquals(1, log.search(new LogQuery(EXPIRED_MSGID, null, null, null, 10)).size());
    }

    @Test
    @Order(2)
    @RunAsClient
    void logRetentionShouldBeListedAndRemoveExpiredEntriesWhenRunByHand(@ArquillianResource URL base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> jobs = http.send(admin(base, "api/admin/jobs").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, jobs.statusCode(), jobs.body());
        assertTrue(jobs.body().contains("\"name\":\"log-retention\""), jobs.body());
        assertTrue(jobs.body().contains("\"schedule\":\"cron 0 15 3 * * ? Europe/Rome\""), jobs.body());
        assertTrue(jobs.body().matches("(?s).*\"nextFireTime\":\"20\\d\\d-.*"), jobs.body());

        assertTrue(jobs.body().contains("\"name\":\"log-seal\""), jobs.body());
        assertTrue(jobs.body().contains("\"name\":\"holder-extracts\""), jobs.body());
        // retention drops only sealed months: the log-seal job seals every day from the old entry's to yesterday,
        // ~975 signed seals, longer than an HTTP request should wait: fired through Quartz, its run awaited
        HttpResponse<String> sealFired = http.send(admin(base, "api/admin/jobs/log-seal/fire")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, sealFired.statusCode(), sealFired.body());
        // one run (a JSON object; its fields come in any order) that completed and sealed hundreds of days
        java.util.regex.Pattern manyDays = java.util.regex.Pattern.compile(
                "\\{(?=[^}]*\"status\":\"COMPLETED\")[^}]*sealed [1-9][0-9]{2,} days[^}]*\\}");
        String sealRuns = "";
        for (int i = 0; i < 600 && !manyDays.matcher(sealRuns).find(); i++) {
            Thread.sleep(500);
            sealRuns = http.send(admin(base, "api/admin/jobs/log-seal/runs").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertTrue(manyDays.matcher(sealRuns).find(), "the log-seal job did not seal the past days: " + sealRuns);

        HttpResponse<String> run = http.send(admin(base, "api/admin/jobs/log-retention/run")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, run.statusCode(), run.body());
        assertTrue(run.body().contains("\"job\":\"log-retention\""), run.body());
        assertTrue(run.body().contains("\"status\":\"COMPLETED\""), run.body());
        java.util.regex.Matcher processed = java.util.regex.Pattern.compile("\"processed\":(\\d+)").matcher(run.body());
        assertTrue(processed.find(), run.body());
        assertTrue(Long.parseLong(processed.group(1)) >= 1, "the expired entry was not removed: " + run.body());
        assertTrue(run.body().contains("\"startedAt\":\"") && run.body().contains("\"finishedAt\":\""), run.body());

        HttpResponse<String> runs = http.send(admin(base, "api/admin/jobs/log-retention/runs").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, runs.statusCode(), runs.body());
        assertTrue(runs.body().startsWith("[{") && runs.body().contains("\"trigger\":\"manual\""), runs.body());

        // the scheduled path: Quartz fires it, the CDI job factory hands it to the runner, which records it
        HttpResponse<String> fired = http.send(admin(base, "api/admin/jobs/log-retention/fire")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, fired.statusCode(), fired.body());
        String scheduled = "";
        for (int i = 0; i < 100 && !scheduled.contains("\"trigger\":\"schedule\""); i++) {
            Thread.sleep(200);
            scheduled = http.send(admin(base, "api/admin/jobs/log-retention/runs").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertTrue(scheduled.contains("\"trigger\":\"schedule\"") && scheduled.contains("\"status\":\"COMPLETED\""),
                "Quartz did not run the job: " + scheduled);

        HttpResponse<String> unknown = http.send(admin(base, "api/admin/jobs/no-such-job/run")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, unknown.statusCode(), unknown.body());
        HttpResponse<String> log = http.send(admin(base, "api/admin/log?msgid=" + EXPIRED_MSGID).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("[]", log.body());

        // the registro verifies: its expired month dropped, its seals kept and signed by the provider
        HttpResponse<String> verified = http.send(admin(base, "api/admin/log/verification").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verified.statusCode(), verified.body());
        assertTrue(verified.body().contains("\"intact\":true") && verified.body().contains("\"findings\":[]"),
                verified.body());
        assertTrue(verified.body().matches("(?s).*\"droppedDays\":[1-9].*"), verified.body());
    }

    @Test
    @RunAsClient
    void clockShouldMoveForwardOnlyByPositiveWholeHours(@ArquillianResource URL base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        java.time.Instant before = java.time.Instant.now();
        HttpResponse<String> moved = http.send(admin(base, "api/admin/clock/advance").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"hours\": 2}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, moved.statusCode(), moved.body());
        java.util.regex.Matcher now = java.util.regex.Pattern.compile("\"now\":\"([^\"]+)\"").matcher(moved.body());
        assertTrue(now.find(), moved.body());
        assertTrue(!java.time.Instant.parse(now.group(1)).isBefore(before.plus(java.time.Duration.ofHours(2))), moved.body());
        for (String bad : new String[] {"{\"hours\": 0}", "{\"hours\": -3}", "{\"hours\": 1.5}", "{\"hours\": \"x\"}", "{}"}) {
            HttpResponse<String> refused = http.send(admin(base, "api/admin/clock/advance").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bad)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, refused.statusCode(), bad + " -> " + refused.body());
        }
    }

    @Test
    @Order(3)
    @RunAsClient
    void mailboxesOnAPlanShouldRenewThroughTheJobsOrEnterSuperReceptionWhenTheCardIsDeclined(@ArquillianResource URL base)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(201, post(http, base, "api/admin/domains", "{\"name\":\"plans.test\"}").statusCode());
        for (String[] m : new String[][] {{"carla", "tok-visa-4242"}, {"dario", "decline-insufficient-funds"}}) {
            HttpResponse<String> created = post(http, base, "api/admin/mailboxes", "{\"address\":\"" + m[0]
                    + "@plans.test\",\"password\":\"web-pass-" + m[0] + "-1\",\"holderName\":\"" + m[0]
                    + "\",\"referenceEmail\":\"" + m[0] + "@example.org\",\"plan\":\"standard\",\"termYears\":1,"
                    + "\"autoRenew\":true,\"paymentToken\":\"" + m[1] + "\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().contains("\"plan\":\"standard\"") && created.body().contains("\"phase\":\"ACTIVE\""),
                    created.body());
        }
        String carlaBefore = get(http, base, "api/admin/mailboxes/carla@plans.test");
        // a year and a day later, the jobs have run late: the renewal is caught up, the declined card is not renewed
        assertEquals(200, post(http, base, "api/admin/clock/advance", "{\"hours\": 8784}").statusCode());
        assertEquals(200, post(http, base, "api/admin/jobs/billing/run", "").statusCode());
        assertEquals(200, post(http, base, "api/admin/jobs/lifecycle/run", "").statusCode());
        String carla = get(http, base, "api/admin/mailboxes/carla@plans.test");
        assertTrue(expiresAt(carla).isAfter(expiresAt(carlaBefore)), carlaBefore + " -> " + carla);
        assertTrue(carla.contains("\"status\":\"ACTIVE\""), carla);
        String dario = get(http, base, "api/admin/mailboxes/dario@plans.test");
        // super reception: still receives for 90 days, cannot send
        assertTrue(dario.contains("\"status\":\"RECEIVE_ONLY\""), dario);
    }

    @Test
    @Order(4)
    @RunAsClient
    void theHolderShouldChangeTheWebPasswordWithTheCurrentOneAtMostOnceInADay(@ArquillianResource URL base)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(201, post(http, base, "api/admin/domains", "{\"name\":\"web.test\"}").statusCode());
        HttpResponse<String> created = post(http, base, "api/admin/mailboxes", "{\"address\":\"gino@web.test\","
                + "\"password\":\"web-pass-gino-1\",\"holderName\":\"Gino\",\"referenceEmail\":\"gino@example.org\","
                + "\"plan\":\"standard\"}");
        assertEquals(201, created.statusCode(), created.body());
        String client = clientPassword(http, base, "gino@web.test");

        // the client password (kept in every mail client) is not enough
        assertEquals(401, webPassword(http, base, "gino@web.test", client, "web-pass-gino-2").statusCode());
        HttpResponse<String> changed = webPassword(http, base, "gino@web.test", "web-pass-gino-1", "web-pass-gino-2");
        assertEquals(204, changed.statusCode(), changed.body());
        assertEquals(401, webPassword(http, base, "gino@web.test", "web-pass-gino-1", "web-pass-gino-3").statusCode());
        HttpResponse<String> again = webPassword(http, base, "gino@web.test", "web-pass-gino-2", "web-pass-gino-3");
        assertEquals(429, again.statusCode(), again.body());
        assertTrue(again.body().contains("una volta ogni 24 ore"), again.body());
        long retry = Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retry > 23 * 3600 && retry <= 24 * 3600, "Retry-After " + retry);
        assertEquals(400, webPassword(http, base, "gino@web.test", "web-pass-gino-2", "short").statusCode());

        // self-service with the web password: the account, a card, a renewal charged to it
        HttpResponse<String> account = http.send(owner(base, "api/mailbox/account", "gino@web.test", "web-pass-gino-2")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, account.statusCode(), account.body());
        assertTrue(account.body().contains("\"plan\":\"standard\""), account.body());
        assertEquals(401, http.send(owner(base, "api/mailbox/account", "gino@web.test", client).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        HttpResponse<String> card = http.send(owner(base, "api/mailbox/account/payment-method", "gino@web.test",
                "web-pass-gino-2").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"paymentToken\":\"decline-card\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, card.statusCode(), card.body());
        assertEquals(402, selfRenewal(http, base).statusCode());
        http.send(owner(base, "api/mailbox/account/payment-method", "gino@web.test", "web-pass-gino-2")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"paymentToken\":\"tok-visa-4242\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> renewed = selfRenewal(http, base);
        assertEquals(200, renewed.statusCode(), renewed.body());
        assertTrue(renewed.body().contains("\"kind\":\"RENEWAL\""), renewed.body());
    }

    private static HttpResponse<String> selfRenewal(HttpClient http, URL base) throws Exception {
        return http.send(owner(base, "api/mailbox/account/renewal", "gino@web.test", "web-pass-gino-2")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    @RunAsClient
    void theFinalNoticeShouldArriveInTheMailboxSignedByTheProvider(@ArquillianResource URL base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(201, post(http, base, "api/admin/domains", "{\"name\":\"notice.test\"}").statusCode());
        // no reference e-mail: every notice goes by PEC into the mailbox
        HttpResponse<String> created = post(http, base, "api/admin/mailboxes", "{\"address\":\"elena@notice.test\","
                + "\"password\":\"web-pass-elena-1\",\"holderName\":\"Elena\",\"plan\":\"monthly\","
                + "\"autoRenew\":false}");
        assertEquals(201, created.statusCode(), created.body());
        // a month unpaid, then 26 days of cessation: the final notice goes 5 days before the deletion
        assertEquals(200, post(http, base, "api/admin/clock/advance", "{\"hours\": " + (31 + 26) * 24 + "}").statusCode());
        assertEquals(200, post(http, base, "api/admin/jobs/lifecycle/run", "").statusCode());
        HttpResponse<String> notices = post(http, base, "api/admin/jobs/notices/run", "");
        assertEquals(200, notices.statusCode(), notices.body());
        String client = clientPassword(http, base, "elena@notice.test");
        String list = http.send(owner(base, "api/mailbox/messages", "elena@notice.test", client).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(list.contains("Ultimo avviso"), list);
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"id\":\"(\\d+)\"[^{}]*Ultimo avviso").matcher(list);
        assertTrue(id.find(), list);
        byte[] raw = http.send(owner(base, "api/mailbox/messages/" + id.group(1) + "/raw", "elena@notice.test", client)
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        assertTrue(new String(raw, StandardCharsets.ISO_8859_1).contains("multipart/signed"));
        HttpResponse<String> verdict = http.send(admin(base, "api/tools/verify").header("Content-Type", "message/rfc822")
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, verdict.statusCode(), verdict.body());
        // signed by the provider's service address, intact and trusted (it is a provider's communication, not a PEC
        // transport message, so the verdict's PEC category is not the point here)
        assertTrue(verdict.body().contains("\"signer\":\"posta-certificata@"), verdict.body());
        assertTrue(verdict.body().contains("\"signed\":true"), verdict.body());
        assertTrue(verdict.body().contains("\"valid\":true"), verdict.body());
        assertTrue(verdict.body().contains("\"chainTrusted\":true"), verdict.body());
    }

    private static String clientPassword(HttpClient http, URL base, String address) throws Exception {
        HttpResponse<String> r = post(http, base, "api/admin/mailboxes/" + address + "/client-password", "");
        assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.body());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"password\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    private static HttpResponse<String> webPassword(HttpClient http, URL base, String address, String current,
            String next) throws Exception {
        return http.send(owner(base, "api/mailbox/web-password", address, current).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + next + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder owner(URL base, String path, String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(base.toURI().resolve(path)).header("Authorization", "Basic " + basic);
    }

    private static java.time.Instant expiresAt(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"expiresAt\":\"([^\"]+)\"").matcher(json);
        assertTrue(m.find(), json);
        return java.time.Instant.parse(m.group(1));
    }

    private static HttpResponse<String> post(HttpClient http, URL base, String path, String json) throws Exception {
        return http.send(admin(base, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String get(HttpClient http, URL base, String path) throws Exception {
        HttpResponse<String> r = http.send(admin(base, path).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static HttpRequest.Builder admin(URL base, String path) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + DatabaseSetup.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(base.toURI().resolve(path)).header("Authorization", "Basic " + basic);
    }

    @Test
    @RunAsClient
    void healthShouldBeUpAndAdminApiShouldNeedThePassword(@ArquillianResource URL base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI root = base.toURI().resolve("/");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(root.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());

        URI ca = base.toURI().resolve("api/admin/provider/ca");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(ca).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());

        String basic = Base64.getEncoder().encodeToString(("admin:" + DatabaseSetup.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(ca).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, admin.statusCode());
        assertTrue(admin.body().startsWith("-----BEGIN CERTIFICATE-----"), admin.body());
    }
}
