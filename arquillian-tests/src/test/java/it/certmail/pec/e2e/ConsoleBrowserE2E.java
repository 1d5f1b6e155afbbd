package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;

/**
 * La console nel browser: one real server ({@code ./pec run}) and Debian's headless Chromium. An operator signs in
 * as {@code admin} over HTTPS, enrols TOTP (the code computed from the secret the page shows as text), signs out
 * and in again with a code, creates a domain and a mailbox, finds it in the list (and through the REST search),
 * generates its client password (which then sends a PEC message over SMTP and reads its receipt), sees that a
 * forged form post changes nothing, sees the pages in Italian and English, and signs in once with a recovery code. Screenshots of every page go to
 * {@code target/screenshots/}.
 */
class ConsoleBrowserE2E {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static PecServer server;

    @BeforeAll
    static void startServer() {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed:"
                + " apt-get install chromium chromium-driver");
        server = new PecServer("console", "pec.console.test", "PEC Console Prova").freshDataDir().startAndWait();
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
    void operatorShouldEnrolTotpSignInAgainAndManageAMailbox() throws Exception {
        try (Browser browser = new Browser("it-IT,it")) {
            browser.open(https("/"));
            assertThat(browser.heading()).isEqualTo("PEC Console Prova");
            assertThat(browser.text("#clientSettings")).contains("IMAP", "POP3", "SMTP", "SSL/TLS", "STARTTLS")
                    .contains(" " + server.submissionPort() + " ");
            assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
                    .isEqualTo("it");
            browser.screenshot("home-it");

            browser.clickAndWait("#consoleLink");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login.xhtml");
            assertThat(browser.heading()).isEqualTo("Accesso operatori");
            browser.screenshot("login-it");

            // a wrong password is refused next to the field and in the message area
            signIn(browser, "admin", "not-the-password");
            assertThat(browser.text("[id='login:password'] ~ .ui-message-error, .ui-message-error"))
                    .contains("Utente o password non corretti");
            browser.screenshot("login-refused");

            signIn(browser, "admin", PecServer.ADMIN_PASSWORD);
            assertThat(browser.heading()).isEqualTo("Verifica in due passaggi");
            assertThat(browser.present("#qr")).isTrue();
            String secretText = browser.text("#secret");
            browser.screenshot("totp-enrol");
            byte[] secret = Base32.decode(secretText);
            assertThat(secret).hasSize(Totp.SECRET_BYTES);

            browser.type("[id='totp:code']", "000000".equals(code(secret)) ? "111111" : "000000");
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.text(".ui-messages")).contains("Codice non valido");
            browser.screenshot("totp-refused");

            long enrolledStep = Totp.step(Instant.now());
            browser.type("[id='totp:code']", code(secret));
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.heading()).isEqualTo("Cruscotto");
            assertThat(browser.text("[id='health']")).contains("Database", "Attivo", "IMAP", "POP3");
            assertThat(browser.present("[id='activity'] canvas")).isTrue();
            assertThat(browser.text("[id='jobs']")).contains("delivery-timeouts");
            assertThat(browser.text("[id='certificates']")).contains("Firma di ricevute", "TLS", "CN=pec.console.test");
            List<String> recoveryCodes = browser.driver().findElements(By.cssSelector("#recoveryCodes li")).stream()
                    .map(WebElement::getText).toList();
            assertThat(recoveryCodes).hasSize(10).allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
            browser.screenshot("dashboard-it");

            Cookie session = browser.driver().manage().getCookieNamed("PEC_SESSION");
            assertThat(session.isSecure()).isTrue();
            assertThat(session.isHttpOnly()).isTrue();
            assertThat(session.getSameSite()).isEqualTo("Strict");

            browser.clickAndWait("[id='signOutForm:signOut']");
            assertThat(browser.text("#signedOut")).contains("Sei uscito");
            browser.open(https("/console/mailboxes.xhtml"));
            assertThat(browser.driver().getCurrentUrl()).endsWith("/console/login.xhtml");

            // a code works once: the second sign-in needs the code of a later time step
            while (Totp.step(Instant.now()) <= enrolledStep) {
                Thread.sleep(500);
            }
            signIn(browser, "admin", PecServer.ADMIN_PASSWORD);
            assertThat(browser.present("#secret")).isFalse();
            browser.screenshot("totp-code");
            browser.type("[id='totp:code']", code(secret));
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.heading()).isEqualTo("Cruscotto");

            browser.open(https("/console/domains.xhtml"));
            browser.type("[id='domainForm:name']", "web.test");
            browser.clickAndWait("[id='domainForm:add']");
            assertThat(browser.text(".ui-messages")).contains("Dominio web.test aggiunto");
            assertThat(browser.text("[id='domainList']")).contains("web.test");
            browser.screenshot("domains");

            browser.open(https("/console/mailboxes.xhtml"));
            browser.type("[id='createForm:address']", "mario.rossi@web.test");
            browser.type("[id='createForm:holder']", "Mario Rossi");
            browser.type("[id='createForm:reference']", "mario@example.org");
            browser.type("[id='createForm:webPassword']", "Web-Password-1!");
            browser.clickAndWait("[id='createForm:create']");
            assertThat(browser.heading()).isEqualTo("Casella mario.rossi@web.test");
            assertThat(browser.text("#status")).isEqualTo("attiva");
            assertThat(browser.text("#usageText")).contains("0 B di ").contains("(0%)");
            assertThat(browser.text("#clientPasswordState")).contains("non ancora impostata");
            browser.screenshot("mailbox-created");

            browser.open(https("/console/mailboxes.xhtml"));
            browser.type("[id='searchForm:q']", "Mario R");
            browser.clickAndWait("[id='searchForm:search']");
            assertThat(browser.text("[id='searchForm:list']")).contains("mario.rossi@web.test", "Mario Rossi")
                    .doesNotContain("posta-certificata@");
            browser.screenshot("mailboxes-search");

            browser.clickAndWait(".pec-mailbox-link");
            browser.clickAndWait("[id='clientPasswordForm:generate']");
            String clientPassword = browser.text("#newClientPassword");
            assertThat(clientPassword).isNotBlank();
            // the page after the post keeps its own address: reloading it shows the mailbox, not an error
            assertThat(browser.driver().getCurrentUrl()).contains("/console/mailbox.xhtml?address=mario.rossi");
            browser.screenshot("mailbox-client-password");
            assertThat(mailboxApiStatus("mario.rossi@web.test", clientPassword + "x")).isEqualTo(401);
            // the switch on the page: the same mailbox page in English
            browser.clickAndWait("a[hreflang='en']");
            assertThat(browser.heading()).isEqualTo("Mailbox mario.rossi@web.test");
            assertThat(browser.text("#clientPasswordState")).startsWith("set on ");
            browser.screenshot("mailbox-en");
            // the password shown once opens SMTP and the mailbox API: a PEC message to itself, down to its receipt
            Mailbox mario = new Mailbox(server, "mario.rossi@web.test", clientPassword);
            Submission smtp = new Submission(server, mario);
            assertThat(smtp.send(smtp.text("Prova dalla console", "Corpo di prova.", List.of(mario.address()),
                    List.of())).accepted()).isTrue();
            mario.await("CONSEGNA: Prova dalla console", Duration.ofSeconds(90));

            // the REST API finds what the console created, through the same search
            String found = server.rest().adminGet("/api/admin/mailboxes?q=Mario%20R&limit=10").requireOk("search").text();
            assertThat(found).contains("\"address\":\"mario.rossi@web.test\"", "\"holderName\":\"Mario Rossi\"");
            assertThat(server.rest().adminGet("/api/admin/mailboxes?q=nessuno").requireOk("search").text()).isEqualTo("[]");
            assertThat(server.rest().adminGet("/api/admin/mailboxes?limit=0").status()).isEqualTo(400);

            // a state-changing post without the view state of a page the server rendered changes nothing; the same
            // post with the page's view state (which another site cannot read) goes through
            browser.open(https("/console/domains.xhtml"));
            postDomainForm(browser, "forged.test", "'-123:-456'");
            postDomainForm(browser, "control.test",
                    "document.querySelector(\"input[name='jakarta.faces.ViewState']\").value");
            assertThat(server.rest().adminGet("/api/admin/domains").requireOk("domains").text())
                    .contains("web.test", "control.test").doesNotContain("forged.test");

            browser.open(https("/console/index.xhtml"));
            assertThat(browser.heading()).isEqualTo("Dashboard");
            // the chart counts from the official log: the message above was accepted and delivered
            assertThat(browser.text("#activityTotal")).matches("Events in the official log in the last 24 hours: [1-9]\\d*");
            assertThat(browser.present("#recoveryCodes")).isFalse();
            browser.screenshot("dashboard-en");

            // options and status from the mailbox page, through the same service as PATCH /api/admin/mailboxes/{address}
            browser.open(https("/console/mailbox.xhtml?address=mario.rossi@web.test"));
            browser.find("[id='optionsForm:acceptOrdinary']").click();
            browser.find("[id='optionsForm:blockNonPec']").click();
            new Select(browser.find("[id='optionsForm:status']")).selectByValue("RECEIVE_ONLY");
            browser.clickAndWait("[id='optionsForm:save']");
            assertThat(browser.text(".ui-messages")).contains("Options and status saved");
            assertThat(browser.text("#status")).isEqualTo("receive only");
            assertThat(browser.text("#acceptOrdinary")).isEqualTo("no");
            assertThat(browser.text("#blockNonPec")).isEqualTo("yes");
            browser.screenshot("mailbox-options-en");
            assertThat(server.rest().adminGet("/api/admin/mailboxes/mario.rossi@web.test").requireOk("mailbox").text())
                    .contains("\"status\":\"RECEIVE_ONLY\"", "\"acceptOrdinaryMail\":false",
                            "\"blockNonPecRecipients\":true");

            // a lost app: a recovery code signs in once
            browser.clickAndWait("[id='signOutForm:signOut']");
            signIn(browser, "admin", PecServer.ADMIN_PASSWORD);
            browser.type("[id='totp:code']", recoveryCodes.get(3).toUpperCase());
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.heading()).isEqualTo("Cruscotto");
            browser.clickAndWait("[id='signOutForm:signOut']");
            signIn(browser, "admin", PecServer.ADMIN_PASSWORD);
            browser.type("[id='totp:code']", recoveryCodes.get(3));
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.text(".ui-messages")).contains("Codice non valido o già usato");
        }
    }

    @Test
    void browserAskingForEnglishShouldGetEnglishPages() {
        try (Browser browser = new Browser("en-GB,en")) {
            browser.open(https("/"));
            assertThat(browser.text("#clientSettings")).contains("incoming mail", "the full PEC address");
            assertThat(browser.text("main")).contains("Operators' console", "Holder's area");
            browser.screenshot("home-en");
            browser.clickAndWait("#holderLink");
            assertThat(browser.heading()).isEqualTo("Holders' sign-in");
            browser.screenshot("holder-en");
            browser.open(https("/console/"));
            assertThat(browser.heading()).isEqualTo("Operators' sign-in");
            browser.screenshot("login-en");
        }
    }

    @Test
    void pagesOverPlainHttpShouldBeSentToHttpsWhileTheApiStaysOnPlainHttp() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/console/login.xhtml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValue("https://127.0.0.1:" + server.httpsPort() + "/console/login.xhtml");
        assertThat(server.rest().health()).isEqualTo(200);
    }

    private static void signIn(Browser browser, String user, String password) {
        browser.type("[id='login:user']", user);
        browser.type("[id='login:password']", password);
        browser.clickAndWait("[id='login:signIn']");
    }

    /** Posts the add-domain form from the page with {@code viewStateJs} as its view state, as a script could. */
    private static void postDomainForm(Browser browser, String domain, String viewStateJs) {
        Object status = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const body = new URLSearchParams({'domainForm': 'domainForm', 'domainForm:name': '" + domain + "',"
                + " 'domainForm:add': '', 'jakarta.faces.ViewState': " + viewStateJs + "});"
                + "fetch('/console/domains.xhtml', {method: 'POST', redirect: 'manual', body: body})"
                + ".then(r => done(r.status)).catch(e => done(String(e)));");
        assertThat(status).isInstanceOf(Number.class);
    }

    private static String code(byte[] secret) {
        return Totp.standard().code(secret, Instant.now());
    }

    private static int mailboxApiStatus(String address, String clientPassword) throws Exception {
        String basic = Base64.getEncoder().encodeToString((address + ":" + clientPassword)
                .getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                        + "/api/mailbox/messages?folder=INBOX")).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
