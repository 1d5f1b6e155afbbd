package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.PecRest;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;

/**
 * Operatori e ruoli nel browser: one real server and Debian's headless Chromium. The admin creates an operator and
 * an auditor; the operator enrols TOTP (QR code and the secret as text), creates a domain and a mailbox, generates
 * its client password and opens the mailbox with IMAP; the auditor reads the audit trail that shows those changes
 * and cannot change anything: the console refuses the operators' page (403), a forged form post changes nothing,
 * and the admin API answers 403 to any change while reads go through. A disabled operator is locked out of both.
 * Screenshots go to {@code target/screenshots/}.
 */
class ConsoleOperatorsE2E {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final String OPERATOR = "otto.operatore";
    private static final String OPERATOR_PASSWORD = "Operatore-Password-1";
    private static final String AUDITOR = "anna.revisora";
    private static final String AUDITOR_PASSWORD = "Revisora-Password-1";
    private static PecServer server;
    private static int imapPort;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed:"
                + " apt-get install chromium chromium-driver");
        imapPort = PecServer.freePort();
        server = new PecServer("operators", "pec.operators.test", "PEC Operatori Prova")
                .env("PEC_IMAP_PORT", Integer.toString(imapPort)).freshDataDir().startAndWait();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void rolesShouldBeEnforcedByTheServerAndEveryChangeAudited() throws Exception {
        PecRest rest = server.rest();
        try (Browser admin = new Browser("it-IT,it")) {
            // the built-in admin: password, TOTP enrolment (its second factor now lives in the database)
            admin.open(https("/console/"));
            signInAndEnrol(admin, "admin", PecServer.ADMIN_PASSWORD);
            assertThat(admin.heading()).isEqualTo("Cruscotto");
            admin.clickAndWait("[id='navOperators']");
            assertThat(admin.heading()).isEqualTo("Operatori");
            createOperator(admin, OPERATOR, "operator", OPERATOR_PASSWORD);
            assertThat(admin.text(".ui-messages")).contains("Operatore otto.operatore creato con il ruolo operatore");
            createOperator(admin, AUDITOR, "auditor", AUDITOR_PASSWORD);
            assertThat(admin.text("[id='listForm:list']")).contains(OPERATOR, "operatore", AUDITOR, "revisore",
                    "al prossimo accesso");
            admin.screenshot("operators-it");
            // a short password is refused next to the form, nothing created
            createOperator(admin, "breve", "operator", "corta");
            assertThat(admin.text(".ui-messages")).contains("Richiesta non valida");
            assertThat(admin.text("[id='listForm:list']")).doesNotContain("breve");

            try (Browser operator = new Browser("en-GB,en")) {
                operatorShouldRunMailboxesButNotOperators(operator);
            }
            try (Browser auditor = new Browser("en-GB,en")) {
                auditorShouldReadTheTrailAndChangeNothing(auditor, rest);

                // the admin disables the auditor: her API calls and her open console session stop at once
                admin.open(https("/console/operators.xhtml"));
                int row = rowOf(admin, AUDITOR);
                admin.clickAndWait("[id='listForm:list:" + row + ":disable']");
                assertThat(admin.text(".ui-messages")).contains("Operatore anna.revisora disabilitato");
                assertThat(rest.get("/api/admin/audit", AUDITOR, AUDITOR_PASSWORD).status()).isEqualTo(401);
                auditor.open(https("/console/audit.xhtml"));
                assertThat(auditor.driver().getCurrentUrl()).endsWith("/console/login.xhtml");
            }

            // a new role applies to the operator's next call: otto, made an auditor, may no longer change mailboxes
            admin.open(https("/console/operators.xhtml"));
            new Select(admin.find("[id='roleForm:roleUser']")).selectByValue(OPERATOR);
            new Select(admin.find("[id='roleForm:newRole']")).selectByValue("auditor");
            admin.clickAndWait("[id='roleForm:change']");
            assertThat(admin.text(".ui-messages")).contains("otto.operatore ora ha il ruolo revisore");
            assertThat(rest.patch("/api/admin/mailboxes/lucia.bianchi@ops.test", OPERATOR, OPERATOR_PASSWORD,
                    "{\"acceptOrdinaryMail\": false}").status()).isEqualTo(403);

            // otto forgot his password: the admin sets a new one, the old one stops working at once
            admin.open(https("/console/operators.xhtml"));
            new Select(admin.find("[id='passwordForm:passwordUser']")).selectByValue(OPERATOR);
            admin.type("[id='passwordForm:newPassword']", "Otto-Nuova-Password-2");
            admin.clickAndWait("[id='passwordForm:setPassword']");
            assertThat(admin.text(".ui-messages")).contains("Nuova password impostata per otto.operatore");
            assertThat(rest.get("/api/admin/audit", OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(401);
            assertThat(rest.get("/api/admin/audit", OPERATOR, "Otto-Nuova-Password-2").status()).isEqualTo(200);
            // the built-in admin's own password is configuration: the page says so instead of a form
            admin.clickAndWait("[id='signOutForm:navAccount']");
            assertThat(admin.heading()).isEqualTo("Il mio account");
            assertThat(admin.present("[id='passwordForm:current']")).isFalse();
            assertThat(admin.text("#adminPasswordNote")).contains("pec.admin.password");

            // the admin's trail search: by operator, action prefix and day
            admin.open(https("/console/audit.xhtml"));
            admin.type("[id='searchForm:actor']", "admin");
            admin.type("[id='searchForm:action']", "operator.");
            admin.clickAndWait("[id='searchForm:search']");
            assertThat(admin.text("[id='searchForm:list']")).contains("operator.create", OPERATOR, AUDITOR,
                    "operator.disable", "disabled=true", "operator.role", "role=operator", "role=auditor",
                    "operator.password.set")
                    .doesNotContain("mailbox.create");
            admin.screenshot("audit-admin-it");
        }
        // the REST trail has the same records, the operator's API change included, with its body's secrets masked
        String trail = rest.adminGet("/api/admin/audit?actor=" + OPERATOR + "&limit=100").requireOk("audit").text();
        assertThat(trail).contains("\"action\":\"mailbox.create\"", "\"action\":\"mailbox.clientPassword\"",
                "\"action\":\"domain.create\"", "\"action\":\"api.mailboxes.PATCH\"",
                "\"action\":\"operator.password.change\"",
                // an API change of a mailbox has its state before and after, not only the request
                "\"before\":\"holder=Lucia Bianchi, status=ACTIVE, plan=standard",
                "\"after\":\"holder=Lucia Bianchi, status=ACTIVE, plan=standard, acceptOrdinaryMail=true",
                "; request {\\\"acceptOrdinaryMail\\\": true}", "\"channel\":\"api\"",
                "\"channel\":\"console\"", "\"address\":\"127.0.0.1\"");
        assertThat(rest.adminGet("/api/admin/audit?from=yesterday").status()).isEqualTo(400);
        // the API's mailbox search filters as the console's list does
        assertThat(rest.adminGet("/api/admin/mailboxes?status=ACTIVE&plan=standard").requireOk("search").text())
                .contains("lucia.bianchi@ops.test").doesNotContain("uno@ops.test");
        assertThat(rest.adminGet("/api/admin/mailboxes?status=closed").requireOk("search").text()).isEqualTo("[]");
        assertThat(rest.adminGet("/api/admin/mailboxes?status=nonsense").status()).isEqualTo(400);
    }

    private void operatorShouldRunMailboxesButNotOperators(Browser browser) throws Exception {
        browser.open(https("/console/"));
        assertThat(browser.heading()).isEqualTo("Operators' sign-in");
        signInAndEnrol(browser, OPERATOR, OPERATOR_PASSWORD);
        assertThat(browser.heading()).isEqualTo("Dashboard");
        assertThat(browser.text(".pec-user")).contains(OPERATOR, "operator");
        assertThat(browser.present("[id='navOperators']")).isFalse();
        assertThat(browser.present("[id='navAudit']")).isTrue();
        Cookie session = browser.driver().manage().getCookieNamed("PEC_SESSION");
        assertThat(session.isSecure()).isTrue();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        browser.screenshot("operator-dashboard-en");
        // the operators' page is the admin's: the server answers 403 to this session, link or no link
        assertThat(fetchStatus(browser, "GET", "/console/operators.xhtml", null)).isEqualTo(403);
        browser.open(https("/console/operators.xhtml"));
        assertThat(browser.heading()).isEqualTo("Not allowed for your role");
        assertThat(browser.present("[id='createForm:user']")).isFalse();
        browser.screenshot("operator-forbidden-en");

        browser.open(https("/console/domains.xhtml"));
        browser.type("[id='domainForm:name']", "ops.test");
        browser.clickAndWait("[id='domainForm:add']");
        assertThat(browser.text("[id='domainList']")).contains("ops.test");

        // many at once: a CSV file with a report per line (the bad line does not stop the others)
        browser.open(https("/console/mailboxes.xhtml"));
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("mailboxes", ".csv");
        java.nio.file.Files.writeString(csv, "address;holderName;referenceEmail;webPassword\n"
                + "uno@ops.test;\"Uno, Primo\";uno@example.org;Web-Password-1!\n"
                + "due@nowhere.test;Due;due@example.org;Web-Password-1!\n"
                + "tre@ops.test;Tre;tre@example.org;Web-Password-1!\n");
        browser.find("[id='csvForm:file']").sendKeys(csv.toString());
        browser.clickAndWait("[id='csvForm:upload']");
        assertThat(browser.text(".ui-messages")).contains("Mailboxes created: 2; lines refused: 1");
        assertThat(browser.text("[id='csvReport']")).contains("uno@ops.test", "tre@ops.test", "created",
                "due@nowhere.test", "not created");
        browser.screenshot("operator-csv-report-en");
        java.nio.file.Files.delete(csv);
        // the list, filtered by status and sorted newest first, shows them
        new Select(browser.find("[id='searchForm:status']")).selectByValue("ACTIVE");
        new Select(browser.find("[id='searchForm:sort']")).selectByValue("CREATED_DESC");
        browser.type("[id='searchForm:q']", "");
        browser.clickAndWait("[id='searchForm:search']");
        assertThat(browser.text("[id='searchForm:list']")).containsSubsequence("tre@ops.test", "uno@ops.test");
        new Select(browser.find("[id='searchForm:status']")).selectByValue("CLOSED");
        browser.clickAndWait("[id='searchForm:search']");
        assertThat(browser.text("[id='searchForm:list']")).doesNotContain("uno@ops.test");

        browser.open(https("/console/mailboxes.xhtml"));
        browser.type("[id='createForm:address']", "lucia.bianchi@ops.test");
        browser.type("[id='createForm:holder']", "Lucia Bianchi");
        browser.type("[id='createForm:reference']", "lucia@example.org");
        browser.type("[id='createForm:webPassword']", "Web-Password-1!");
        new Select(browser.find("[id='createForm:plan']")).selectByValue("standard");
        browser.clickAndWait("[id='createForm:create']");
        assertThat(browser.heading()).isEqualTo("Mailbox lucia.bianchi@ops.test");
        assertThat(browser.text("#contract")).contains("Renewal", "Orders");
        browser.clickAndWait("[id='clientPasswordForm:generate']");
        String clientPassword = browser.text("#newClientPassword");
        assertThat(clientPassword).isNotBlank();
        browser.screenshot("operator-client-password-en");
        // the password shown once opens the mailbox over IMAP (implicit TLS, the provider's local certificate)
        assertThat(imapInboxCount("lucia.bianchi@ops.test", clientPassword)).isGreaterThanOrEqualTo(0);

        // suspended, the mailbox refuses the same password; reactivated, it opens again
        browser.clickAndWait("[id='statusForm:suspend']");
        assertThat(browser.text("#status")).isEqualTo("disabled");
        assertThatThrownBy(() -> imapInboxCount("lucia.bianchi@ops.test", clientPassword))
                .isInstanceOf(jakarta.mail.AuthenticationFailedException.class);
        browser.screenshot("operator-mailbox-suspended-en");
        browser.clickAndWait("[id='statusForm:reactivate']");
        assertThat(browser.text("#status")).isEqualTo("active");
        assertThat(imapInboxCount("lucia.bianchi@ops.test", clientPassword)).isGreaterThanOrEqualTo(0);

        // the operator changes a mailbox through the API too (same role rules, audited by the API's filter)
        assertThat(server.rest().patch("/api/admin/mailboxes/lucia.bianchi@ops.test", OPERATOR, OPERATOR_PASSWORD,
                "{\"acceptOrdinaryMail\": true}").status()).isEqualTo(200);
        // but not plans, prices or the clock
        assertThat(put("/api/admin/plans/cheap", OPERATOR, OPERATOR_PASSWORD, "{\"name\": \"Cheap\"}"))
                .isEqualTo(403);
        assertThat(server.rest().post("/api/admin/clock/advance", OPERATOR, OPERATOR_PASSWORD, "application/json",
                "{\"hours\": 1}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);

        // a form posted without the view state of a page the server rendered changes nothing (CSRF)
        browser.open(https("/console/domains.xhtml"));
        fetchStatus(browser, "POST", "/console/domains.xhtml", "{'domainForm': 'domainForm', 'domainForm:name':"
                + " 'forged-csrf.test', 'domainForm:add': '', 'jakarta.faces.ViewState': '-1:-2'}");
        assertThat(server.rest().adminGet("/api/admin/domains").requireOk("domains").text())
                .contains("ops.test").doesNotContain("forged-csrf.test");

        // his own password: a wrong current one changes nothing; the right one does, for the console and the API
        browser.clickAndWait("[id='signOutForm:navAccount']");
        assertThat(browser.heading()).isEqualTo("My account");
        changeOwnPassword(browser, "not-my-password", "Otto-Altra-Password-1");
        assertThat(browser.text(".ui-messages")).contains("The current password is not right");
        assertThat(server.rest().get("/api/admin/audit", OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(200);
        changeOwnPassword(browser, OPERATOR_PASSWORD, "Otto-Altra-Password-1");
        assertThat(browser.text(".ui-messages")).contains("Your password has been changed");
        browser.screenshot("operator-account-en");
        assertThat(server.rest().get("/api/admin/audit", OPERATOR, OPERATOR_PASSWORD).status()).isEqualTo(401);
        assertThat(server.rest().get("/api/admin/audit", OPERATOR, "Otto-Altra-Password-1").status()).isEqualTo(200);
        // and back, so the rest of the scenario signs in as before
        changeOwnPassword(browser, "Otto-Altra-Password-1", OPERATOR_PASSWORD);
        assertThat(browser.text(".ui-messages")).contains("Your password has been changed");
    }

    private static void changeOwnPassword(Browser browser, String current, String next) {
        browser.type("[id='passwordForm:current']", current);
        browser.type("[id='passwordForm:next']", next);
        browser.type("[id='passwordForm:repeat']", next);
        browser.clickAndWait("[id='passwordForm:change']");
    }

    private void auditorShouldReadTheTrailAndChangeNothing(Browser browser, PecRest rest) throws Exception {
        browser.open(https("/console/"));
        signInAndEnrol(browser, AUDITOR, AUDITOR_PASSWORD);
        assertThat(browser.heading()).isEqualTo("Dashboard");
        assertThat(browser.text(".pec-user")).contains(AUDITOR, "auditor");

        // the trail shows the operator's changes, console and API
        browser.clickAndWait("[id='navAudit']");
        assertThat(browser.heading()).isEqualTo("Audit trail");
        browser.type("[id='searchForm:actor']", OPERATOR);
        browser.clickAndWait("[id='searchForm:search']");
        assertThat(browser.text("[id='searchForm:list']")).contains("mailbox.create", "lucia.bianchi@ops.test",
                "mailbox.suspend", "status=ACTIVE", "status=DISABLED", "mailbox.reactivate",
                "mailbox.clientPassword", "domain.create", "ops.test", "api.mailboxes.PATCH", "console", "API")
                .doesNotContain("Web-Password-1!");
        browser.screenshot("audit-auditor-en");

        // reads, without the forms that change
        browser.open(https("/console/mailbox.xhtml?address=lucia.bianchi@ops.test"));
        assertThat(browser.heading()).isEqualTo("Mailbox lucia.bianchi@ops.test");
        assertThat(browser.present("[id='optionsForm:save']")).isFalse();
        assertThat(browser.present("[id='clientPasswordForm:generate']")).isFalse();
        assertThat(browser.present("[id='statusForm:suspend']")).isFalse();
        browser.screenshot("auditor-mailbox-en");
        browser.open(https("/console/domains.xhtml"));
        assertThat(browser.present("[id='domainForm:add']")).isFalse();
        // the server refuses, whatever the page shows: the operators' page, a forged post with her own view state
        assertThat(fetchStatus(browser, "GET", "/console/operators.xhtml", null)).isEqualTo(403);
        fetchStatus(browser, "POST", "/console/domains.xhtml", "{'domainForm': 'domainForm', 'domainForm:name':"
                + " 'auditor-forged.test', 'domainForm:add': '', 'jakarta.faces.ViewState':"
                + " document.querySelector(\"input[name='jakarta.faces.ViewState']\").value}");
        assertThat(rest.adminGet("/api/admin/domains").requireOk("domains").text()).doesNotContain("auditor-forged");

        // the admin API: she reads, and gets 403 for any change
        assertThat(rest.get("/api/admin/mailboxes/lucia.bianchi@ops.test", AUDITOR, AUDITOR_PASSWORD).status())
                .isEqualTo(200);
        assertThat(rest.get("/api/admin/audit?actor=" + OPERATOR, AUDITOR, AUDITOR_PASSWORD).text())
                .contains("mailbox.create");
        assertThat(rest.patch("/api/admin/mailboxes/lucia.bianchi@ops.test", AUDITOR, AUDITOR_PASSWORD,
                "{\"acceptOrdinaryMail\": false}").status()).isEqualTo(403);
        assertThat(rest.post("/api/admin/domains", AUDITOR, AUDITOR_PASSWORD, "application/json",
                "{\"name\": \"auditor.test\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(403);
        assertThat(rest.post("/api/admin/mailboxes/lucia.bianchi@ops.test/client-password", AUDITOR,
                AUDITOR_PASSWORD, "application/json", new byte[0]).status()).isEqualTo(403);
        assertThat(put("/api/admin/plans/cheap", AUDITOR, AUDITOR_PASSWORD, "{\"name\": \"Cheap\"}")).isEqualTo(403);
        // nobody, or a wrong password: 401, and no console page without a session
        assertThat(rest.post("/api/admin/domains", null, null, "application/json",
                "{\"name\": \"nobody.test\"}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(401);
        HttpResponse<Void> page = trustingLocalCa().send(HttpRequest.newBuilder(
                URI.create(https("/console/audit.xhtml"))).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/console/login.xhtml");
        assertThat(rest.get("/api/admin/mailboxes/lucia.bianchi@ops.test", "admin", "wrong").status())
                .isEqualTo(401);
        // her refused calls changed nothing
        assertThat(rest.adminGet("/api/admin/mailboxes/lucia.bianchi@ops.test").requireOk("mailbox").text())
                .contains("\"acceptOrdinaryMail\":true");
    }

    /** The console's sign-in with the TOTP enrolment of a first sign-in (also used by IsolationE2E). */
    static void signInAndEnrol(Browser browser, String user, String password) {
        browser.type("[id='login:user']", user);
        browser.type("[id='login:password']", password);
        browser.clickAndWait("[id='login:signIn']");
        assertThat(browser.present("#qr")).isTrue();
        byte[] secret = Base32.decode(browser.text("#secret"));
        browser.type("[id='totp:code']", Totp.standard().code(secret, Instant.now()));
        browser.clickAndWait("[id='totp:verify']");
    }

    /** Fills and posts the operators' page's create form (also used by IsolationE2E). */
    static void createOperator(Browser browser, String user, String role, String password) {
        browser.type("[id='createForm:user']", user);
        new Select(browser.find("[id='createForm:role']")).selectByValue(role);
        browser.type("[id='createForm:password']", password);
        browser.clickAndWait("[id='createForm:create']");
    }

    /** The row index of an operator in the list (the buttons' ids carry it). */
    private static int rowOf(Browser browser, String user) {
        var names = browser.driver().findElements(By.cssSelector(".pec-operator"));
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).getText().equals(user)) {
                return i;
            }
        }
        throw new AssertionError(user + " not listed");
    }

    /** A request from the page's own origin with its cookies, as a script on the page could send it. */
    private static Object fetchStatus(Browser browser, String method, String path, String formJs) {
        Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const init = {method: '" + method + "', redirect: 'manual'};"
                + (formJs == null ? "" : "init.body = new URLSearchParams(" + formJs + ");")
                + "fetch('" + path + "', init).then(r => done(r.status)).catch(e => done(String(e)));");
        assertThat(status).isInstanceOf(Number.class);
        return ((Number) status).intValue();
    }

    /** A client for the server's HTTPS port, whose certificate comes from the provider's local CA. */
    private static HttpClient trustingLocalCa() throws Exception {
        javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
        javax.net.ssl.SSLParameters noHostCheck = new javax.net.ssl.SSLParameters();
        noHostCheck.setEndpointIdentificationAlgorithm(null);
        return HttpClient.newBuilder().sslContext(tls).sslParameters(noHostCheck)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static int put(String path, String user, String password, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int imapInboxCount(String address, String password) throws Exception {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.trust", "*");
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "10000");
        Store store = Session.getInstance(p).getStore("imaps");
        store.connect("127.0.0.1", imapPort, address, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }
}
