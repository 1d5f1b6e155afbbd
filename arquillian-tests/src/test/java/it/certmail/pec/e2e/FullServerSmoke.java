package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecRest;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.testsupport.PostgresProcess;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The EAR on a full application server ({@code ./pec run --server <name>}), driven over the network by real clients:
 * health UP, a domain and two mailboxes through the REST API, a PEC message over SMTP submission, its delivery
 * receipt read by the sender over IMAP and checked with {@code openssl smime -verify}, a job run, HTTPS with the
 * provider's certificate and a SameSite=Strict session cookie, the console's login page in headless Chromium. The
 * time from the start to health UP goes to
 * {@code target/e2e/full-server-timings.txt}; the server's output stays in {@code target/e2e/<name>.log} and its
 * own logs in the data directory beside it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FullServerSmoke {

    private static final Duration WAIT = Duration.ofSeconds(120);

    /** One server per concrete class: started once, shared by the ordered steps. */
    private static PecServer server;
    private static Mailbox alice;
    private static Mailbox bob;
    private static String subject;

    private static PostgresProcess postgres;

    static void startOn(String serverName) throws IOException {
        startOn(serverName, false);
    }

    /** @param onPostgres the server's datasources on a PostgreSQL of the test's own (PEC_DB_URL), else H2 */
    static void startOn(String serverName, boolean onPostgres) throws IOException {
        String name = serverName + (onPostgres ? "-pg" : "") + "-smoke";
        String domain = serverName + ".smoke.test";
        server = new PecServer(name, domain, "PEC " + serverName + " Prova").onServer(serverName).freshDataDir();
        if (onPostgres) {
            postgres = PostgresProcess.start(PecServer.workDir().resolve(name + "-pg"));
            server.env("PEC_DB_URL", postgres.jdbcUrl("pec")).env("PEC_DB_USER", "postgres")
                    .env("PEC_DB_PASSWORD", "postgres");
        }
        Instant start = Instant.now();
        server.startAndWait();
        Duration toHealthy = Duration.between(start, Instant.now());
        boolean setUp = !server.logLines("pec: fetching").isEmpty() || !server.logLines("pec: configuring").isEmpty()
                || !server.logLines("Command create-domain executed").isEmpty() || !server.logLines("pec: no build").isEmpty()
                || !server.logLines("building again").isEmpty();
        String line = Instant.now() + " " + name + ": health UP " + toHealthy.toMillis() / 1000.0
                + " s after the start of ./pec run --server " + serverName + (setUp
                        ? " (including a build, fetch or one-time server configuration: see the log's first lines)"
                        : " (server unpacked and configured before)") + "\n";
        System.out.print(line);
        Files.writeString(PecServer.workDir().resolve("full-server-timings.txt"), line, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @BeforeAll
    static void tools() {
        OpenSsl.assumeAvailable();
    }

    @Test
    @Order(1)
    void healthIsUpWithTheApplicationsOwnCheck() {
        if (postgres != null) {
            // the schema (Flyway) and the work tables are on the PostgreSQL the test started
            assertThat(server.logLines("PostgreSQL")).isNotEmpty();
        }
        PecRest rest = server.rest();
        assertThat(rest.health()).isEqualTo(200);
        if (server.server().equals("wildfly")) {
            // WildFly registers no MicroProfile health check of a WAR inside an EAR (WFLY-12835), and its own
            // per-deployment entries do not always list the WAR (seen missing in 2 of 4 runs): the EAR must be OK
            // and the WAR must answer its own API
            assertThat(rest.lastHealth()).contains("\"pec.ear\":\"OK\"");
            rest.adminGet("/api/admin/jobs").requireOk("the WAR's API on WildFly");
        } else {
            // the application's readiness check (database), not only the server's empty default
            assertThat(rest.lastHealth()).contains("\"database\"");
        }
    }

    @Test
    @Order(2)
    void domainAndTwoMailboxesAreCreatedThroughTheRestApi() {
        String domain = "clienti." + server.domain();
        server.rest().createDomain(domain);
        alice = server.mailbox("alice@" + domain, "Alice Bianchi");
        bob = server.mailbox("bob@" + domain, "Bob Verdi");
        assertThat(server.rest().adminGet("/api/admin/mailboxes/" + bob.address()).requireOk("GET mailbox").json())
                .containsEntry("address", bob.address());
    }

    @Test
    @Order(3)
    void aPecMessageSentOverSubmissionBringsTheSenderAVerifiableDeliveryReceiptOverImap() throws Exception {
        subject = "Prova " + server.server() + " " + System.nanoTime();
        Submission smtp = new Submission(server, alice);
        assertThat(smtp.send(smtp.text(subject, "Corpo di prova.", List.of(bob.address()), List.of())).accepted())
                .isTrue();
        byte[] receipt = imapAwait(alice, "CONSEGNA: " + subject);
        String head = new String(receipt, 0, Math.min(receipt.length, 8192), StandardCharsets.ISO_8859_1);
        assertThat(head).containsIgnoringCase("X-Ricevuta: avvenuta-consegna");
        OpenSsl.Result verdict = OpenSsl.verifySmime(receipt, server.caPemFile());
        assertThat(verdict.ok()).as("openssl smime -verify: %s", verdict.stderr()).isTrue();
        // and the recipient has the envelope
        assertThat(imapAwait(bob, "POSTA CERTIFICATA: " + subject)).isNotEmpty();
    }

    @Test
    @Order(4)
    void aJobRuns() {
        PecRest.Response run = server.rest().runJob("billing").requireOk("run billing");
        Map<String, Object> json = run.json();
        assertThat(json).containsEntry("job", "billing").containsKey("processed");
        // a job of pec-batch that is a CDI bean using jdbc/pec itself (WildFly resolves its lookup differently from
        // the EJBs' mapped in jboss-ejb3.xml)
        Map<String, Object> retention = server.rest().runJob("log-retention").requireOk("run log-retention").json();
        assertThat(retention).containsEntry("job", "log-retention").containsKey("processed");
        assertThat(String.valueOf(retention)).doesNotContain("FAILED");
        // and the scheduler (Quartz, clustered on the database) ran it at start on its own
        assertThat(server.rest().adminGet("/api/admin/jobs").requireOk("GET jobs").text()).contains("\"trigger\":\"schedule\"");
    }

    @Test
    @Order(5)
    void httpsPresentsTheProviderCertificateAndAStrictSessionCookie() throws Exception {
        // a client that trusts only the provider's CA: the handshake succeeds only with the provider's certificate
        SSLContext tls = TlsContexts.client(List.of(server.caCertificate()));
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                .createSocket("127.0.0.1", server.httpsPort())) {
            socket.setSoTimeout(60_000);
            socket.startHandshake();
            socket.getOutputStream().write(("GET /console/login.xhtml HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(head.lines().filter(l -> l.regionMatches(true, 0, "Set-Cookie: PEC_SESSION=", 0, 24)))
                    .singleElement().asString().containsIgnoringCase("SameSite=Strict").containsIgnoringCase("Secure")
                    .containsIgnoringCase("HttpOnly");
        }
    }

    @Test
    @Order(6)
    void theConsoleLoginPageRendersInHeadlessChromium() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed");
        try (Browser browser = new Browser("it-IT,it")) {
            browser.open("https://localhost:" + server.httpsPort() + "/console/login.xhtml");
            assertThat(browser.heading()).isEqualTo("Accesso operatori");
            assertThat(browser.present("input[type='password']")).isTrue();
            browser.screenshot(server.server() + "-console-login");
        }
    }

    /** The raw bytes of the first INBOX message with this subject, read over IMAP (implicit TLS). */
    private static byte[] imapAwait(Mailbox mailbox, String wanted) throws Exception {
        SSLContext tls = TlsContexts.client(List.of(server.caCertificate()));
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", tls.getSocketFactory());
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "60000");
        Session session = Session.getInstance(p);
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> seen = List.of();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as("server alive; log tail:\n%s", server.logTail(40)).isTrue();
            try (Store store = session.getStore("imaps")) {
                store.connect("127.0.0.1", server.imapPort(), mailbox.address(), mailbox.password());
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                try {
                    Optional<Message> hit = Optional.empty();
                    List<String> subjects = new java.util.ArrayList<>();
                    for (Message m : inbox.getMessages()) {
                        subjects.add(m.getSubject());
                        if (wanted.equals(m.getSubject())) {
                            hit = Optional.of(m);
                        }
                    }
                    seen = subjects;
                    if (hit.isPresent()) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        hit.get().writeTo(raw);
                        return raw.toByteArray();
                    }
                } finally {
                    inbox.close(false);
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no \"" + wanted + "\" in " + mailbox.address() + " over IMAP after " + WAIT.toSeconds()
                + " s; INBOX: " + seen);
    }
}
