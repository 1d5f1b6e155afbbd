package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.FakeSmtpServer;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;

/**
 * Recesso in the browser, against the real server (adjustable clock, notices to a test SMTP sink standing for the
 * reference mailbox): the holder reads the consequences and withdraws; the mailbox at once refuses a submission with
 * its client password, yet the holder signs in again with the web password, sees the deletion date on the dashboard
 * and downloads the mailbox as a zip (and the contract), while the renewal page sends back to the dashboard; 31 days
 * later (the server's clock moved) the lifecycle job has deleted it, the reference e-mail got the withdrawal, the
 * reminder and the deletion notices, and the sign-in is refused. Screenshots go to {@code target/screenshots/}.
 */
class HolderWithdrawalE2E {

    private static final String SARA = "sara.galli@recessi.test";
    private static final String SARA_REFERENCE = "sara@example.org";
    private static final String WEB_PASSWORD = "Web-Password-1!";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static PecServer server;
    private static FakeSmtpServer referenceMail;

    @BeforeAll
    static void startServer() throws Exception {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed:"
                + " apt-get install chromium chromium-driver");
        referenceMail = new FakeSmtpServer("mx.example.org", PecServer.freePort(), null);
        server = new PecServer("withdrawal", "pec.recessi.test", "PEC Recessi Prova").freshDataDir();
        server.env("PEC_NOTICES_SMARTHOST", "127.0.0.1:" + referenceMail.port())
                .env("PEC_CLOCK_ADJUSTABLE", "true")
                .startAndWait();
        server.rest().createDomain("recessi.test");
        server.rest().adminPostJson("/api/admin/mailboxes", "{\"address\":\"" + SARA + "\",\"password\":\""
                + WEB_PASSWORD + "\",\"holderName\":\"Sara Galli\",\"referenceEmail\":\"" + SARA_REFERENCE
                + "\",\"plan\":\"pro\",\"termYears\":1,\"autoRenew\":true,\"paymentToken\":\"tok-visa-4242\"}")
                .requireOk("mailbox " + SARA);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (referenceMail != null) {
            referenceMail.close();
        }
    }

    @Test
    void withdrawnMailboxShouldRefuseMailStayDownloadableThirtyDaysThenBeDeleted() throws Exception {
        try (Browser browser = new Browser("it-IT,it")) {
            // a message in the mailbox first, sent with the client password generated in the area
            browser.open(https("/my/index.xhtml"));
            signIn(browser, SARA, WEB_PASSWORD);
            browser.open(https("/my/account.xhtml"));
            browser.clickAndWait("[id='clientPasswordForm:generate']");
            String clientPassword = browser.text("#newClientPassword");
            Mailbox sara = new Mailbox(server, SARA, clientPassword);
            Submission smtp = new Submission(server, sara);
            assertThat(smtp.send(smtp.text("Da conservare", "Corpo da conservare.", List.of(SARA), List.of()))
                    .accepted()).isTrue();
            sara.await("CONSEGNA: Da conservare", WAIT);

            // the consequences before the confirmation, then the withdrawal
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.text("#withdrawConsequences")).contains("non può più spedire né ricevere",
                    "Per 30 giorni", "solo per scaricare", "Dopo 30 giorni", "cancellati per sempre", "5 anni");
            browser.screenshot("withdrawal-consequences");
            browser.find("[id='withdrawForm:understood']").click();
            browser.clickAndWait("[id='withdrawForm:withdraw']");
            assertThat(browser.text(".ui-messages")).contains("Recesso registrato", SARA);
            assertThat(browser.text("#standing")).isEqualTo("receduta (in attesa di cancellazione)");
            assertThat(browser.text("#deletionNotice")).contains("sarà cancellata con tutto il contenuto il");
            assertThat(browser.present("#renewNotice")).isFalse();
            browser.screenshot("withdrawal-dashboard");

            // closed to mail at once: the client password no longer submits
            assertThat(submissionRefused(smtp)).as("submission after the withdrawal").isTrue();
            server.rest().runJob("notices").requireOk("notices job");
            String withdrawalMail = decoded(referenceMail.await(r -> r.rcpts().contains(SARA_REFERENCE)
                    && decoded(r).contains("Il recesso è stato registrato"), WAIT, "the withdrawal notice"));
            assertThat(withdrawalMail).contains("non spedisce né riceve", "scaricare i messaggi");

            // signed in again with the web password: downloads only
            browser.clickAndWait("[id='signOutForm:signOut']");
            signIn(browser, SARA, WEB_PASSWORD);
            assertThat(browser.text("#standing")).isEqualTo("receduta (in attesa di cancellazione)");
            assertThat(browser.present("[id='withdrawForm:withdraw']")).isFalse();
            assertThat(browser.present("#navRenew")).as("no renewal in the navigation").isFalse();
            assertThat(browser.present("#navMail")).as("no webmail in the navigation").isFalse();
            assertThat(browser.present("#navReports")).isTrue();
            Download zip = download(browser, https("/my/documents/mailbox.zip"));
            assertThat(zip.status()).isEqualTo(200);
            assertThat(zipText(zip.bytes())).contains("Da conservare");
            assertThat(download(browser, https("/my/documents/contract")).status()).isEqualTo(200);
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.present("[id='clientPasswordForm:generate']")).isFalse();
            assertThat(browser.present("#contractPdf")).isTrue();
            browser.screenshot("withdrawal-account");
            browser.open(https("/my/renew.xhtml"));
            assertThat(browser.driver().getCurrentUrl()).endsWith("/my/index.xhtml");
            browser.clickAndWait("[id='signOutForm:signOut']");

            // 31 days on: the lifecycle job reminds, then deletes; the sign-in is refused
            server.rest().advanceClock(24 * 31).requireOk("clock");
            server.rest().runJob("lifecycle").requireOk("lifecycle job");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (server.rest().adminGet("/api/admin/mailboxes/" + SARA).status() != 404) {
                assertThat(System.nanoTime()).as("the lifecycle job deletes the withdrawn mailbox").isLessThan(deadline);
                Thread.sleep(500);
            }
            server.rest().runJob("notices").requireOk("notices job");
            referenceMail.await(r -> r.rcpts().contains(SARA_REFERENCE)
                    && decoded(r).contains("Dopo il recesso"), WAIT, "the reminder");
            referenceMail.await(r -> r.rcpts().contains(SARA_REFERENCE)
                    && decoded(r).contains("sono stati cancellati"), WAIT, "the deletion notice");
            signIn(browser, SARA, WEB_PASSWORD);
            assertThat(browser.text(".ui-messages")).contains("password web non corretti");
            assertThat(browser.present("#standing")).isFalse();
            browser.screenshot("withdrawal-deleted-sign-in-refused");
        }
    }

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    private static void signIn(Browser browser, String address, String password) {
        browser.type("[id='login:address']", address);
        browser.type("[id='login:password']", password);
        browser.clickAndWait("[id='login:signIn']");
    }

    /** Whether the submission server refuses the client password (or, past the login, the message). */
    private static boolean submissionRefused(Submission smtp) throws Exception {
        try {
            return !smtp.send(smtp.text("Dopo il recesso", "Non deve partire.", List.of(SARA), List.of())).accepted();
        } catch (AuthenticationFailedException e) {
            return true;
        }
    }

    private record Download(int status, byte[] bytes) {
    }

    /** Fetches {@code url} in the page, with the browser's session cookie, as a download link does. */
    private static Download download(Browser browser, String url) {
        @SuppressWarnings("unchecked")
        List<Object> r = (List<Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {
                  const bytes = new Uint8Array(await r.arrayBuffer());
                  let s = '';
                  for (let i = 0; i < bytes.length; i += 8192) {
                    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
                  }
                  done([r.status, btoa(s)]);
                }).catch(e => done([0, String(e)]));
                """, url);
        return new Download(((Number) r.get(0)).intValue(), Base64.getDecoder().decode((String) r.get(1)));
    }

    /** Every entry of a zip as text, one after the other. */
    private static String zipText(byte[] zip) throws java.io.IOException {
        List<String> texts = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                texts.add(e.getName() + "\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return String.join("\n", texts);
    }

    /** The text of a plain-text mail, its transfer encoding (quoted-printable) undone. */
    private static String decoded(FakeSmtpServer.Received r) {
        try (java.io.InputStream body = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(r.data())).getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError("unreadable mail to " + r.rcpts() + ": " + e, e);
        }
    }
}
