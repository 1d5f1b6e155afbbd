package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.Json;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecMail;
import it.certmail.pec.e2e.support.PecRest;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.RawSmtp;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.index.domain.CertificateHash;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;

/**
 * The console's monitoring pages in the browser, against one real server: an operator traces a PEC transmission
 * between two mailboxes down to its delivery receipt and downloads the receipt (it passes
 * {@code openssl smime -verify}) and the search as CSV, verifies the receipt on the verify page, uploads an LDIF,
 * requeues held work (a message the reception point cannot process five times), runs a job and sees its run,
 * creates a discount code, reads the counters at {@code /api/metrics}, verifies the registro over ranges of days
 * through the admin API and sees text that is no CA certificate refused as a trust anchor. Every page is checked
 * for labelled inputs; screenshots go to {@code target/screenshots/}.
 *
 * <p>One coarse test: the pages share one signed-in session and the traffic made at its start.
 */
class ConsoleTraceE2E {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static PecServer server;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed");
        server = new PecServer("trace", "pec.trace.test", "PEC Traccia Prova").env("PEC_CLOCK_ADJUSTABLE", "true");
        // -Dpec.e2e.dbUrl=jdbc:postgresql://... runs the same test on PostgreSQL (an empty database, user/password pec)
        String dbUrl = System.getProperty("pec.e2e.dbUrl");
        if (dbUrl != null && !dbUrl.isBlank()) {
            server.env("PEC_DB_URL", dbUrl).env("PEC_DB_USER", "pec").env("PEC_DB_PASSWORD", "pec");
        }
        server.freshDataDir().startAndWait();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    @Test
    void operatorShouldTraceRequeueImportRunAndMeasure() throws Exception {
        OpenSsl.assumeAvailable();
        server.rest().createDomain("trace.test");
        Mailbox alice = server.mailbox("alice@trace.test", "Alice Traccia");
        Mailbox bob = server.mailbox("bob@trace.test", "Bob Traccia");
        String subject = "Traccia " + Instant.now().toEpochMilli();
        Submission smtp = new Submission(server, alice);
        assertThat(smtp.send(smtp.text(subject, "Corpo.", List.of(bob.address()), List.of())).accepted()).isTrue();
        PecMail receiptInMailbox = alice.await("CONSEGNA: " + subject, Duration.ofSeconds(90));

        try (Browser browser = new Browser("en-GB,en")) {
            signInWithTotpEnrolment(browser);

            // --- dashboard: the scheduler, the antivirus (not configured here) and the pending work
            assertThat(browser.text("[id='health']")).contains("Job scheduler (Quartz)", "Antivirus (clamd)");
            assertThat(browser.text("#pendingWork")).startsWith("Transport work pending:");
            assertThat(browser.text("nav, header")).contains("Message trace", "Queues", "Jobs", "Providers' index",
                    "Plans", "Verify a message");

            // --- message trace: search by sender, open the transmission, download its delivery receipt
            browser.open(https("/console/trace.xhtml"));
            assertLabelled(browser);
            browser.type("[id='searchForm:sender']", alice.address());
            browser.clickAndWait("[id='searchForm:search']");
            assertThat(browser.text("[id='searchForm:results']")).contains("ACCETTAZIONE", "CONSEGNA", subject);
            browser.screenshot("trace-search");
            String csv = fetchText(browser, browser.find("[id='searchForm:exportCsv']").getAttribute("href"));
            // by recipient and event: the delivery only
            browser.type("[id='searchForm:sender']", "");
            browser.type("[id='searchForm:recipient']", bob.address().toUpperCase());
            new org.openqa.selenium.support.ui.Select(browser.find("[id='searchForm:event']")).selectByValue("CONSEGNA");
            browser.clickAndWait("[id='searchForm:search']");
            assertThat(browser.driver().findElements(By.cssSelector("[id='searchForm:results'] tbody tr")))
                    .hasSize(1).first().extracting(WebElement::getText).asString().contains("CONSEGNA", subject);
            browser.type("[id='searchForm:recipient']", "ob@trace.test");
            browser.clickAndWait("[id='searchForm:search']");
            assertThat(browser.text("[id='searchForm:results']")).contains("No log entry matches");
            browser.type("[id='searchForm:recipient']", "");
            new org.openqa.selenium.support.ui.Select(browser.find("[id='searchForm:event']")).selectByValue("");
            browser.type("[id='searchForm:sender']", alice.address());
            browser.clickAndWait("[id='searchForm:search']");
            assertThat(csv).startsWith("time,event,msgid,client_msgid,sender,recipients,subject")
                    .contains("CONSEGNA", alice.address(), subject);

            browser.clickAndWait(".pec-trace-link");
            assertThat(browser.heading()).isEqualTo("Trace of a transmission");
            assertThat(browser.text("#sender")).isEqualTo(alice.address());
            assertThat(browser.text("main")).contains("Recipient " + bob.address(), "ACCETTAZIONE", "CONSEGNA");
            browser.screenshot("trace-transmission");
            WebElement deliveryLink = browser.driver().findElements(By.cssSelector("a.pec-receipt-link")).stream()
                    .filter(a -> a.getText().contains("DELIVERY")).findFirst().orElseThrow();
            Download receipt = fetch(browser, deliveryLink.getAttribute("href"));
            assertThat(receipt.status()).isEqualTo(200);
            assertThat(receipt.disposition()).startsWith("attachment;").contains(".eml");
            assertThat(receipt.bytes()).isEqualTo(receiptInMailbox.raw());
            OpenSsl.Result verified = OpenSsl.verifySmime(receipt.bytes(), server.caPemFile());
            assertThat(verified.ok()).as("openssl smime -verify: %s", verified.stderr()).isTrue();
            // a receipt of another transmission cannot be fetched through this one
            assertThat(fetch(browser, deliveryLink.getAttribute("href").replaceFirst("msgid=[^&]+", "msgid=other%40x"))
                    .status()).isEqualTo(404);

            // --- verify page: the downloaded receipt
            Path eml = Files.createTempFile(PecServer.workDir(), "receipt", ".eml");
            Files.write(eml, receipt.bytes());
            browser.open(https("/console/verify.xhtml"));
            assertLabelled(browser);
            browser.find("[id='verifyForm:eml']").sendKeys(eml.toString());
            browser.clickAndWait("[id='verifyForm:check']");
            assertThat(browser.text("#kind")).isEqualTo("avvenuta-consegna");
            assertThat(browser.text("#valid")).isEqualTo("yes");
            assertThat(browser.text("#trusted")).isEqualTo("yes");
            browser.screenshot("verify");
            Files.deleteIfExists(eml);

            // --- providers' index: upload an LDIF with one good record and one broken one
            browser.open(https("/console/providers.xhtml"));
            assertLabelled(browser);
            assertThat(browser.text("[id='providers']")).contains("PEC Traccia Prova");
            Path ldif = Files.createTempFile(PecServer.workDir(), "providers", ".ldif");
            Files.writeString(ldif, otherProviderLdif() + "\n"
                    + "dn: providerName=Rotto,o=postacert\nobjectClass: provider\nproviderName: Rotto\n\n"
                    + impostorLdif(server.rest().providerLdif()));
            browser.find("[id='ldifForm:ldif']").sendKeys(ldif.toString());
            browser.clickAndWait("[id='ldifForm:upload']");
            assertThat(browser.text("#reportSummary")).as("LDIF report: %s", browser.text("main"))
                    .contains("Records added: 1");
            assertThat(browser.text("[id='problems']")).contains("Rotto", "Impostore",
                    "claims this provider's signing certificate");
            assertThat(browser.text("[id='providers']")).contains("Gestore Altro Prova", "altro.test");
            assertThat(fetchText(browser, https("/console/download/ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
            browser.screenshot("providers-imported");
            Files.deleteIfExists(ldif);

            // --- the legacy signature profile for the provider just imported (kept apart from the index)
            new org.openqa.selenium.support.ui.Select(browser.find("[id='profileForm:peer']"))
                    .selectByVisibleText("Gestore Altro Prova");
            new org.openqa.selenium.support.ui.Select(browser.find("[id='profileForm:profile']"))
                    .selectByValue("legacy");
            browser.clickAndWait("[id='profileForm:chooseProfile']");
            assertThat(browser.text("main")).contains("Signature profile for Gestore Altro Prova: Legacy SHA-1");
            WebElement altro = browser.driver().findElements(By.cssSelector("[id='providers'] tr")).stream()
                    .filter(tr -> tr.getText().contains("Gestore Altro Prova")).findFirst().orElseThrow();
            assertThat(altro.getText()).contains("Legacy SHA-1, as existing providers sign (chosen)");
            assertThat(server.rest().adminGet("/api/admin/audit?action=providers.signatureProfile")
                    .requireOk("GET audit").text()).contains("Gestore Altro Prova", "profile=legacy");
            browser.screenshot("providers-profile");

            // --- jobs: run one now and see its run
            browser.open(https("/console/jobs.xhtml"));
            WebElement runButton = browser.driver().findElements(By.cssSelector("[id='jobsForm:jobs'] tr")).stream()
                    .filter(tr -> tr.getText().contains("delivery-timeouts")).findFirst().orElseThrow()
                    .findElement(By.cssSelector("button[id$=':run']"));
            runButton.click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(60))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class) // the poll replaces the rows
                    // our run's row: the job's own schedule may complete a run of its own meanwhile
                    .until(d -> d.findElements(By.cssSelector("[id='jobsForm:runTable'] tr")).stream()
                            .anyMatch(tr -> tr.getText().contains("manual") && tr.getText().contains("completed")));
            assertThat(browser.text("[id='jobsForm:runTable']")).contains("manual", "e2e-trace");
            browser.screenshot("jobs-run");

            // --- plans: the catalog and a new discount code
            browser.open(https("/console/plans.xhtml"));
            assertLabelled(browser);
            browser.type("[id='discountForm:code']", "PROVA10");
            browser.type("[id='discountForm:value']", "1000");
            browser.clickAndWait("[id='discountForm:createDiscount']");
            assertThat(browser.text(".ui-messages")).contains("Discount code PROVA10 created");
            assertThat(browser.text("[id='discounts']")).contains("PROVA10", "PERCENT");
            browser.screenshot("plans");
            // a plan edited through the form: picked from the list, price changed, saved
            browser.driver().findElements(By.cssSelector("[id='planList:plans'] tr")).stream()
                    .filter(tr -> tr.getText().startsWith("standard")).findFirst().orElseThrow()
                    .findElement(By.cssSelector("button[id$=':edit']")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(30))
                    .ignoring(org.openqa.selenium.StaleElementReferenceException.class) // the Ajax update replaces it
                    .until(d -> "standard".equals(d.findElement(By.id("planForm:code")).getAttribute("value")));
            browser.type("[id='planForm:priceCents']", "555");
            browser.clickAndWait("[id='planForm:save']");
            assertThat(browser.text(".ui-messages")).contains("Plan standard saved");
            assertThat(server.rest().adminGet("/api/admin/plans").requireOk("plans").text())
                    .contains("\"code\":\"standard\"").contains("\"priceCents\":555");

            // --- queues: a message the reception point cannot process is held after five attempts; requeue it
            sendUnprocessableMail(bob.address());
            awaitHeld();
            browser.open(https("/console/queues.xhtml"));
            assertThat(browser.text("[id='heldForm:held']")).contains("AddressException: Missing '>'");
            // no 12 h / 24 h notice failed in this run: the table says so, and the summary counts none
            assertThat(browser.text("[id='heldNoticesForm:heldNotices']")).contains("No timeout notice is held.");
            assertThat(browser.text("#queueSummary")).contains("Timeout notices held: 0.");
            browser.screenshot("queues-held");
            browser.clickAndWait("[id='heldForm:held'] button[id$=':requeue']");
            assertThat(browser.text(".ui-messages")).contains("is back in its queue");
            browser.screenshot("queues-requeued");

            // the same console in Italian
            browser.clickAndWait("a[hreflang='it']");
            assertThat(browser.heading()).isEqualTo("Code");
            browser.open(https("/console/trace.xhtml"));
            assertThat(browser.heading()).isEqualTo("Tracciatura dei messaggi");
            browser.screenshot("trace-it");
        }

        // --- metrics: the counters after that traffic, on the plain-HTTP port beside Payara's own /metrics
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.httpPort() + "/api/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE pec_submissions_total counter",
                "pec_component_up{component=\"quartz\"} 1",
                "pec_login_failures_total{channel=\"console\"} 0",
                "pec_work_pending{queue=\"RELAY\"}");
        assertThat(sample(metrics.body(), "pec_submissions_total{outcome=\"ACCETTAZIONE\"}")).isGreaterThanOrEqualTo(1);
        assertThat(sample(metrics.body(), "pec_deliveries_total")).isGreaterThanOrEqualTo(1);
        // Quartz runs it on its schedule too: at least the run started from the page
        assertThat(sample(metrics.body(), "pec_job_runs_total{job=\"delivery-timeouts\",status=\"COMPLETED\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(metrics.body(), "pec_anomalies_total{kind=\"BUSTA_ANOMALIA\"}")).isZero();
        assertThat(sample(metrics.body(), "pec_work_held")).isLessThanOrEqualTo(1);
        assertThat(sample(metrics.body(), "pec_timeout_notices_held")).isZero();

        verifyTheRegistroByRangeOfDays(alice.address());
        refuseWhatIsNotATrustAnchor();
    }

    /** Text that is no CA certificate gets a 400 that says so (the refusal reaches the resource unwrapped). */
    private static void refuseWhatIsNotATrustAnchor() {
        PecRest.Response own = server.rest().adminPost("/api/admin/provider/trust-anchors", "application/x-pem-file",
                server.rest().providerCaPem()).requireOk("our own CA as an anchor");
        assertThat(own.json()).containsEntry("added", 0.0);
        PecRest.Response garbage = server.rest().adminPost("/api/admin/provider/trust-anchors",
                "application/x-pem-file", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThat(garbage.status()).as(garbage.text()).isEqualTo(400);
        assertThat(garbage.json().get("error")).asString().startsWith("not a PEM certificate");
        PecRest.Response nothing = server.rest().adminPost("/api/admin/provider/trust-anchors", "text/plain", "hello");
        assertThat(nothing.status()).as(nothing.text()).isEqualTo(400);
        assertThat(nothing.json()).containsEntry("error", "no certificate in the PEM text");
    }

    /**
     * The registro verified through the admin API as {@code ./pec verify-log --from --to} asks: the whole of it, a
     * range of its days, a range it has no day in, and the two mistakes an operator makes (a range upside down, a
     * day that does not exist), each refused with a 400 that says what was wrong.
     */
    private static void verifyTheRegistroByRangeOfDays(String sender) throws InterruptedException {
        // the clock was moved on above: seal the days it closed, as the scheduled job would (409: Quartz runs it now)
        PecRest.Response sealed = server.rest().runJob("log-seal");
        for (int i = 0; i < 30 && sealed.status() == 409; i++) {
            Thread.sleep(1000);
            sealed = server.rest().runJob("log-seal");
        }
        sealed.requireOk("run log-seal");
        Map<String, Object> whole = server.rest().adminGet("/api/admin/log/verification").requireOk("verification")
                .json();
        assertThat(whole).containsEntry("intact", true);
        String firstDay = (String) whole.get("firstDay");
        String lastDay = (String) whole.get("lastDay");
        assertThat(firstDay).as("the traffic above is in the registro: %s", whole).isNotNull();
        assertThat((Double) whole.get("entriesChecked")).isGreaterThanOrEqualTo(2);

        Map<String, Object> range = server.rest().adminGet("/api/admin/log/verification?from=" + firstDay + "&to="
                + lastDay).requireOk("verification of a range").json();
        assertThat(range).containsEntry("intact", true).containsEntry("firstDay", firstDay)
                .containsEntry("lastDay", lastDay).containsEntry("daysChecked", whole.get("daysChecked"))
                .containsEntry("entriesChecked", whole.get("entriesChecked"));
        // the day (UTC) of the submission made at the start: its entries are checked, and no other day
        String trafficDay = Instant.parse((String) Json.arrayOfObjects(server.rest().adminGet("/api/admin/log?sender="
                + sender).requireOk("log of the sender").text()).get(0).get("time")).atZone(ZoneOffset.UTC)
                .toLocalDate().toString();
        Map<String, Object> oneDay = server.rest().adminGet("/api/admin/log/verification?from=" + trafficDay + "&to="
                + trafficDay).requireOk("verification of one day").json();
        assertThat(oneDay).as("%s", oneDay).containsEntry("intact", true).containsEntry("daysChecked", 1.0)
                .containsEntry("firstDay", trafficDay).containsEntry("lastDay", trafficDay);
        assertThat((Double) oneDay.get("entriesChecked")).as("whole: %s; %s: %s", whole, trafficDay, oneDay)
                .isGreaterThanOrEqualTo(2);

        Map<String, Object> noDays = server.rest().adminGet("/api/admin/log/verification?from=2001-01-01&to=2001-01-31")
                .requireOk("verification of days the registro does not have").json();
        assertThat(noDays).containsEntry("daysChecked", 0.0).containsEntry("entriesChecked", 0.0)
                .containsEntry("findings", List.of()).doesNotContainKey("firstDay");

        PecRest.Response upsideDown = server.rest().adminGet("/api/admin/log/verification?from=" + lastDay
                + "&to=2001-01-01");
        assertThat(upsideDown.status()).as(upsideDown.text()).isEqualTo(400);
        assertThat(upsideDown.json().get("error")).asString()
                .contains("from (" + lastDay + ") is after to (2001-01-01)");

        PecRest.Response noSuchDay = server.rest()
                .adminGet("/api/admin/log/verification?from=2026-02-30&to=2026-03-01");
        assertThat(noSuchDay.status()).as(noSuchDay.text()).isEqualTo(400);
        assertThat(noSuchDay.json().get("error")).asString()
                .isEqualTo("from is not a day (YYYY-MM-DD, a UTC day): 2026-02-30");
        PecRest.Response notADate = server.rest().adminGet("/api/admin/log/verification?to=yesterday");
        assertThat(notADate.status()).as(notADate.text()).isEqualTo(400);
        assertThat(notADate.json().get("error")).asString().startsWith("to is not a day");
    }

    private static void signInWithTotpEnrolment(Browser browser) {
        browser.open(https("/console/login.xhtml"));
        browser.type("[id='login:user']", "admin");
        browser.type("[id='login:password']", PecServer.ADMIN_PASSWORD);
        browser.clickAndWait("[id='login:signIn']");
        byte[] secret = Base32.decode(browser.text("#secret"));
        browser.type("[id='totp:code']", Totp.standard().code(secret, Instant.now()));
        browser.clickAndWait("[id='totp:verify']");
        assertThat(browser.heading()).isEqualTo("Dashboard");
        browser.screenshot("trace-dashboard");
    }

    /**
     * Ordinary mail whose From cannot be parsed: the reception point takes it (the mailbox accepts ordinary mail),
     * then cannot build its busta di anomalia; after five attempts the item is held for an operator.
     */
    private static void sendUnprocessableMail(String rcpt) throws Exception {
        byte[] raw = ("From: <<<non-un-indirizzo\r\nTo: " + rcpt + "\r\nSubject: Illeggibile\r\n"
                + "Message-ID: <illeggibile-" + System.nanoTime() + "@example.org>\r\n\r\nCorpo.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (RawSmtp c = RawSmtp.plain(server.inboundPort())) {
            c.greeting();
            c.ehlo("mx.example.org");
            RawSmtp.Outcome o = c.send("eve@example.org", List.of(rcpt), raw);
            assertThat(o.accepted()).as("inbound SMTP: %s", o).isTrue();
            c.quit();
        }
    }

    /** Moves the service clock on so that the retries come due now, until the item is held. */
    private static void awaitHeld() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!Json.arrayOfObjects(server.rest().adminGet("/api/admin/work/held").requireOk("held").text())
                    .isEmpty()) {
                return;
            }
            assertThat(server.rest().advanceClock(1).ok()).isTrue();
            Thread.sleep(2000);
        }
        throw new AssertionError("no work item was held; log tail:\n" + server.logTail(40));
    }

    /**
     * Another provider's record with a certificate of its own, made by openssl, expiring in 10 days (so the page
     * warns): the index refuses records that claim our name, our domains or our certificate.
     */
    private static String otherProviderLdif() throws Exception {
        Path dir = Files.createTempDirectory(PecServer.workDir(), "altro");
        Path der = dir.resolve("altro.der");
        Process p = new ProcessBuilder(OpenSsl.binary().orElseThrow().toString(), "req", "-x509", "-newkey",
                "rsa:2048", "-nodes", "-keyout", dir.resolve("altro.key").toString(), "-subj",
                "/CN=Gestore Altro Prova/emailAddress=posta-certificata@altro.test", "-days", "10", "-outform", "DER",
                "-out", der.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl req: %s", output).isZero();
        byte[] cert = Files.readAllBytes(der);
        PecServer.deleteTree(dir);
        return "dn: providerName=Gestore Altro Prova,o=postacert\n"
                + "objectClass: top\nobjectClass: provider\n"
                + "providerName: Gestore Altro Prova\n"
                + "mailReceipt: posta-certificata@altro.test\n"
                + "managedDomains: altro.test\n"
                + "providerCertificateHash: " + CertificateHash.sha1Hex(cert) + "\n"
                + "providerCertificate;binary:: " + Base64.getEncoder().encodeToString(cert) + "\n";
    }

    /** Our own record under another name and domain: it still carries our signing certificate. */
    private static String impostorLdif(String own) {
        StringBuilder out = new StringBuilder();
        for (String line : own.replace(server.serviceAddress(), "posta-certificata@impostore.test")
                .replace(server.providerName(), "Impostore").split("\\r?\\n")) {
            if (line.startsWith("managedDomains:")) {
                continue;
            }
            out.append(line).append('\n');
            if (line.startsWith("dn:")) {
                out.append("managedDomains: impostore.test\n");
            }
        }
        return out.toString();
    }

    /** Every visible input and select on the page has a label pointing at it. */
    private static void assertLabelled(Browser browser) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) browser.driver()).executeScript(
                "return Array.from(document.querySelectorAll('input, select, textarea'))"
                + ".filter(e => e.type !== 'hidden' && e.type !== 'submit' && e.type !== 'button'"
                + " && e.offsetParent !== null && e.getAttribute('aria-hidden') !== 'true')"
                + ".filter(e => !e.id || !document.querySelector('label[for=\"' + CSS.escape(e.id) + '\"]'))"
                + ".map(e => e.id || e.name);");
        assertThat(unlabelled).as("inputs without a <label for> on %s", browser.driver().getCurrentUrl()).isEmpty();
    }

    private record Download(int status, String disposition, byte[] bytes) {
    }

    /** GET through the browser's own session (fetch), the body as bytes. */
    private static Download fetch(Browser browser, String url) {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0]).then(async r => { const b = new Uint8Array(await r.arrayBuffer());"
                + " let s = ''; for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]);"
                + " done({status: r.status, disposition: r.headers.get('Content-Disposition') || '', body: btoa(s)}); })"
                + ".catch(e => done({status: -1, disposition: String(e), body: ''}));", url);
        return new Download(((Number) r.get("status")).intValue(), (String) r.get("disposition"),
                Base64.getDecoder().decode((String) r.get("body")));
    }

    private static String fetchText(Browser browser, String url) {
        Download d = fetch(browser, url);
        assertThat(d.status()).as("GET %s", url).isEqualTo(200);
        return new String(d.bytes(), StandardCharsets.UTF_8);
    }

    private static double sample(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        assertThat(m.find()).as("series %s in\n%s", series, exposition).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
