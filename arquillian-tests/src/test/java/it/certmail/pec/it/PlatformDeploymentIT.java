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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import it.certmail.pec.it.support.DatabaseSetup;
import it.certmail.pec.it.support.PecDeployment;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.DatabaseMigration;

/**
 * The real WAR deploys on Payara Micro, the schema migrates and the persistence unit works, on the database the
 * run selects (H2 by default, PostgreSQL in the {@code it-postgres} execution); the HTTP surface answers.
 */
@ExtendWith(DatabaseSetup.class)
@ExtendWith(ArquillianExtension.class)
class PlatformDeploymentIT {

    @Deployment
    static WebArchive deployment() {
        return PecDeployment.war(PlatformDeploymentIT.class);
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
        // AgID CA1 is not among this server's trust anchors and Aruba is not in its index: ordinary mail
        assertTrue(verdict.body().contains("\"kind\":\"ordinary\""), verdict.body());
        assertTrue(verdict.body().contains("opec288.20181113163926.01838.310.1.63@pec.aruba.it"), verdict.body());
        assertTrue(verdict.body().contains("\"problems\":[\""), verdict.body());

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
