package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.FakeSmtpServer;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.RawSmtp;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;

/**
 * Le impostazioni della webmail nel browser: one real server ({@code ./pec run}, notices to a test SMTP sink standing
 * for ordinary mailboxes) and Debian's headless Chromium. The holder turns off ordinary mail and the reception point
 * then refuses an ordinary message with 550 (it took one before); rules "subject contains Urgente: send a notice to
 * an ordinary address" and "sender contains ...: forward a copy" make a PEC message arriving from another mailbox
 * send that notice and that copy through the smarthost, as the new-PEC alert, while the message lands in INBOX (and
 * a copy in Archive) and its delivery receipt reaches the sender; a vCard file imported shows its
 * contact in the address book (a card without an address is reported) and the export gives it back. Every page is
 * checked for a visible label on each input; screenshots in {@code target/screenshots/}.
 */
class WebmailSettingsE2E {

    private static final String ANNA = "anna.neri@webmail.test";
    private static final String ORDINARY_INBOX = "anna.personale@example.org";
    private static final String COPIES_INBOX = "copie@example.org";
    private static final String ALERTS_INBOX = "avvisi@example.org";
    private static final String WEB_PASSWORD = "Web-Password-1!";
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static PecServer server;
    private static FakeSmtpServer ordinaryMail;

    @BeforeAll
    static void startServer() throws Exception {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed:"
                + " apt-get install chromium chromium-driver");
        ordinaryMail = new FakeSmtpServer("mx.example.org", PecServer.freePort(), null);
        server = new PecServer("webmailsettings", "pec.webmail.test", "PEC Webmail Prova").freshDataDir();
        server.env("PEC_NOTICES_SMARTHOST", "127.0.0.1:" + ordinaryMail.port())
                .env("PEC_WEB_PUBLIC_URL", "https://localhost:" + server.httpsPort())
                .startAndWait();
        server.rest().createDomain("webmail.test");
        server.rest().adminPostJson("/api/admin/mailboxes", "{\"address\":\"" + ANNA + "\",\"password\":\""
                + WEB_PASSWORD + "\",\"holderName\":\"Anna Neri\",\"referenceEmail\":\"anna@example.org\""
                + ",\"plan\":\"pro\",\"termYears\":1,\"autoRenew\":false,\"paymentToken\":\"tok-visa-4242\"}")
                .requireOk("mailbox " + ANNA);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (ordinaryMail != null) {
            ordinaryMail.close();
        }
    }

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    @Test
    void holderShouldRefuseOrdinaryMailForwardANoticeByRuleAndImportContacts() throws Exception {
        Mailbox sender = server.mailbox("mittente@webmail.test", "Mittente Prova");
        assertThat(sendOrdinary("Prima").accepted()).as("ordinary mail is taken as an anomaly by default").isTrue();

        try (Browser browser = new Browser("it-IT,it")) {
            browser.open(https("/my/login.xhtml"));
            browser.type("[id='login:address']", ANNA);
            browser.type("[id='login:password']", WEB_PASSWORD);
            browser.clickAndWait("[id='login:signIn']");
            assertThat(browser.heading()).isEqualTo("La mia casella PEC");

            // 1. ordinary mail off: the reception point refuses it in SMTP
            browser.open(https("/my/mail/settings.xhtml"));
            assertThat(browser.heading()).isEqualTo("Impostazioni posta");
            assertThat(browser.find("[id='optionsForm:acceptOrdinary']").isSelected()).isTrue();
            assertEveryInputLabelled(browser);
            browser.screenshot("webmail-settings-it");
            browser.find("[id='optionsForm:acceptOrdinary']").click();
            browser.clickAndWait("[id='optionsForm:save']");
            assertThat(browser.text(".ui-messages")).contains("Impostazioni salvate");
            browser.open(https("/my/mail/settings.xhtml"));
            assertThat(browser.find("[id='optionsForm:acceptOrdinary']").isSelected()).as("kept").isFalse();
            RawSmtp.Outcome refused = sendOrdinary("Dopo");
            assertThat(refused.accepted()).isFalse();
            assertThat(refused.last().code()).as("%s", refused).isEqualTo(550);
            assertThat(refused.last().text()).contains("non accetta posta ordinaria");

            // 2. a rule: subject contains "Urgente" -> a notice to an ordinary address
            browser.type("[id='ruleForm:subject']", "Urgente");
            browser.type("[id='ruleForm:forwardTo']", ORDINARY_INBOX);
            browser.find("[id='ruleForm:flag']").click();
            browser.clickAndWait("[id='ruleForm:addRule']");
            assertThat(browser.text(".ui-messages")).contains("Regola aggiunta");
            assertThat(browser.driver().findElements(By.cssSelector("#rules tr.pec-rule"))).hasSize(1);
            assertThat(browser.text("#rules")).contains("Urgente").contains("avvisa " + ORDINARY_INBOX).contains("contrassegna");
            browser.screenshot("webmail-settings-rule");

            // a rule without any action is refused with the reason, and nothing is added
            browser.type("[id='ruleForm:sender']", "qualcuno");
            browser.clickAndWait("[id='ruleForm:addRule']");
            assertThat(browser.text(".ui-messages")).contains("at least one action");
            assertThat(browser.driver().findElements(By.cssSelector("#rules tr.pec-rule"))).hasSize(1);

            // a second rule forwards a copy of what the sender sends
            browser.type("[id='ruleForm:sender']", "mittente@webmail");
            browser.type("[id='ruleForm:forwardTo']", COPIES_INBOX);
            new Select(browser.find("[id='ruleForm:forwardMode']")).selectByValue("COPY");
            browser.clickAndWait("[id='ruleForm:addRule']");
            assertThat(browser.driver().findElements(By.cssSelector("#rules tr.pec-rule"))).hasSize(2);
            assertThat(browser.text("#rules")).contains("inoltra una copia a " + COPIES_INBOX);

            // notices of new PEC to an ordinary address; SMS needs the add-on, which this plan lacks
            assertThat(browser.present("#smsUnavailable")).isTrue();
            browser.type("input[id$=':0:email']", ALERTS_INBOX);
            browser.clickAndWait("[id='alertsForm:saveAlerts']");
            assertThat(browser.text(".ui-messages")).contains("Avvisi salvati");
            assertThat(browser.find("input[id$=':0:email']").getAttribute("value")).isEqualTo(ALERTS_INBOX);

            // automatic archiving of PEC messages received (the Pro plan has an archive)
            assertThat(browser.text("#archiveUse")).contains("usati di");
            browser.find("[id='archiveForm:messages']").click();
            browser.clickAndWait("[id='archiveForm:saveArchive']");
            assertThat(browser.text(".ui-messages")).contains("Archiviazione automatica salvata");
            assertThat(browser.find("[id='archiveForm:messages']").isSelected()).isTrue();
            assertEveryInputLabelled(browser);
            browser.screenshot("webmail-settings-all");

            Submission.Result sent = new Submission(server, sender).send(new Submission(server, sender)
                    .text("Urgente: scadenza", "Da leggere oggi.", List.of(ANNA), List.of()));
            assertThat(sent.accepted()).as("%s", sent).isTrue();
            Mailbox anna = server.existingMailbox(ANNA);
            anna.await("POSTA CERTIFICATA: Urgente: scadenza", WAIT);
            sender.await("CONSEGNA: Urgente: scadenza", WAIT);
            assertThat(server.rest().messages(ANNA, anna.password(), "Archive")).extracting(m -> m.get("subject"))
                    .containsExactly("POSTA CERTIFICATA: Urgente: scadenza");
            FakeSmtpServer.Received notice = awaitNotice(r -> r.rcpts().contains(ORDINARY_INBOX));
            assertThat(decoded(notice)).contains("Urgente: scadenza").contains("mittente@webmail.test");
            String copy = new String(awaitNotice(r -> r.rcpts().contains(COPIES_INBOX)).data(), StandardCharsets.UTF_8);
            assertThat(copy).contains("Content-Type: message/rfc822").contains("Subject: POSTA CERTIFICATA: Urgente: scadenza")
                    .contains("postacert.eml");
            assertThat(decoded(awaitNotice(r -> r.rcpts().contains(ALERTS_INBOX)))).contains("nuovo messaggio di posta certificata")
                    .contains("Urgente: scadenza");

            // a rule deleted is gone, the other stays
            browser.open(https("/my/mail/settings.xhtml"));
            browser.clickAndWait("#rules tr.pec-rule button");
            assertThat(browser.text(".ui-messages")).contains("Regola eliminata");
            assertThat(browser.driver().findElements(By.cssSelector("#rules tr.pec-rule"))).hasSize(1);
            assertThat(browser.text("#rules")).contains(COPIES_INBOX).doesNotContain(ORDINARY_INBOX);

            // 3. the address book: a vCard imported, one card without an address reported, exported back
            browser.open(https("/my/mail/contacts.xhtml"));
            assertThat(browser.heading()).isEqualTo("Rubrica");
            assertThat(browser.present("#noContacts")).isTrue();
            assertEveryInputLabelled(browser);
            Path vcf = Files.createTempFile("rubrica", ".vcf");
            Files.writeString(vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Studio Legale Bianchi\r\nN:Bianchi;Studio;;;\r\n"
                    + "EMAIL;TYPE=INTERNET:info@bianchi.example.org\r\nEMAIL;TYPE=INTERNET,PEC:studio@pec.bianchi.test\r\n"
                    + "CATEGORIES:Avvocati\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:<b>Senza indirizzo</b>\r\n"
                    + "END:VCARD\r\n", StandardCharsets.UTF_8);
            browser.find("[id='importForm:file']").sendKeys(vcf.toString());
            browser.clickAndWait("[id='importForm:import']");
            assertThat(browser.text(".ui-messages")).contains("1 contatti aggiunti").contains("1 voci non importate");
            assertThat(browser.text("#contacts tr.pec-contact")).contains("Studio Legale Bianchi")
                    .contains("studio@pec.bianchi.test").contains("Avvocati");
            assertThat(browser.text("#importProblems")).contains("vCard 2").contains("<b>Senza indirizzo</b>");
            browser.screenshot("webmail-contacts-imported");
            assertThat(exported(browser, "exportForm:vcard")).contains("FN:Studio Legale Bianchi")
                    .contains("EMAIL;TYPE=INTERNET,PEC:studio@pec.bianchi.test");
            assertThat(exported(browser, "exportForm:csv")).contains("\"Studio Legale Bianchi\",studio@pec.bianchi.test,Avvocati");
            Files.delete(vcf);
            assertEveryInputLabelled(browser);
            browser.clickAndWait("#contacts tr.pec-contact button");
            assertThat(browser.text(".ui-messages")).contains("Contatto eliminato");
            assertThat(browser.present("#noContacts")).isTrue();
        }

        // the pages in English
        try (Browser browser = new Browser("en-US,en")) {
            browser.open(https("/my/login.xhtml"));
            browser.type("[id='login:address']", ANNA);
            browser.type("[id='login:password']", WEB_PASSWORD);
            browser.clickAndWait("[id='login:signIn']");
            browser.open(https("/my/mail/settings.xhtml"));
            assertThat(browser.heading()).isEqualTo("Mail settings");
            assertThat(browser.text("#smsUnavailable")).contains("SMS add-on");
            browser.screenshot("webmail-settings-en");
            browser.open(https("/my/mail/contacts.xhtml"));
            assertThat(browser.heading()).isEqualTo("Address book");
        }
    }

    /**
     * Utenti aggiuntivi: with a USER_SEAT bought, the holder invites a user; the user signs in with the login and the
     * first password shown once, sends a PEC from compose, and may not open the holder's account page (403); the
     * trail on the settings page names the user as the sender; once revoked, the user's next request lands on the
     * sign-in page.
     */
    @Test
    void holderShouldInviteAUserWhoseSendsAreTracedAndRevokeThem() throws Exception {
        String user = "carla.rossi@studio.example.org";
        Mailbox recipient = server.mailbox("destinatario@webmail.test", "Destinatario Prova");
        server.rest().adminPostJson("/api/admin/mailboxes/" + ANNA + "/addons",
                "{\"kind\":\"USER_SEAT\",\"units\":1}").requireOk("a USER_SEAT for " + ANNA);

        try (Browser holder = new Browser("it-IT,it"); Browser carla = new Browser("it-IT,it")) {
            signIn(holder, ANNA, WEB_PASSWORD);
            holder.open(https("/my/mail/settings.xhtml"));
            assertThat(holder.text("#seats")).contains("0 postazioni usate su 1");
            holder.type("[id='usersForm:login']", user);
            holder.clickAndWait("[id='usersForm:invite']");
            assertThat(holder.text(".ui-messages")).contains(user + " è stato invitato");
            String password = holder.text("#initialPassword");
            assertThat(password).hasSize(16);
            assertThat(holder.text("#users tr.pec-mail-user")).contains(user).contains("attivo");
            assertEveryInputLabelled(holder);
            scrollTo(holder, "#usersCard");
            holder.screenshot("webmail-users-invited");
            // one seat: a second user is refused, with the reason
            holder.type("[id='usersForm:login']", "altro@studio.example.org");
            holder.clickAndWait("[id='usersForm:invite']");
            assertThat(holder.text(".ui-messages")).contains("all 1 additional-user seats are taken");

            // the user signs in on the holders' sign-in page and lands in the webmail of the mailbox
            signIn(carla, user, password);
            assertThat(carla.driver().getCurrentUrl()).contains("/my/mail/");
            assertThat(carla.text("#actingUser")).contains(user).contains(ANNA);
            assertThat(carla.present("#navAccount")).isFalse();
            String subject = "Inviato da un utente aggiuntivo " + System.nanoTime();
            carla.open(https("/my/mail/compose.xhtml"));
            carla.type("[id='composeForm:to']", recipient.address());
            carla.type("[id='composeForm:subject']", subject);
            carla.type("[id='composeForm:text']", "Buongiorno, scrivo per conto dello studio.");
            carla.clickAndWait("[id='composeForm:send']");
            assertThat(carla.text(".ui-messages")).contains("Accettato");
            recipient.await("POSTA CERTIFICATA: " + subject, WAIT);
            carla.screenshot("webmail-users-user-sent");
            // the holder's pages are not the user's
            carla.open(https("/my/account.xhtml"));
            assertThat(carla.heading()).isEqualTo("Non consentito al tuo ruolo");
            carla.open(https("/my/mail/settings.xhtml"));
            assertThat(carla.present("#usersCard")).isFalse();

            // "Il mio accesso": the user's own password (the current one proves it) and own TOTP app
            carla.open(https("/my/mail/me.xhtml"));
            assertThat(carla.heading()).isEqualTo("Il mio accesso");
            assertThat(carla.text("#totpState")).startsWith("Non attiva");
            assertEveryInputLabelled(carla);
            carla.type("[id='passwordForm:currentPassword']", "non-e-la-mia");
            carla.type("[id='passwordForm:newPassword']", "carla-nuova-2026");
            carla.clickAndWait("[id='passwordForm:change']");
            assertThat(carla.text(".ui-messages")).contains("La password attuale non è corretta");
            carla.type("[id='passwordForm:currentPassword']", password);
            carla.type("[id='passwordForm:newPassword']", "corta");
            carla.clickAndWait("[id='passwordForm:change']");
            assertThat(carla.text(".ui-messages")).contains("at least 8 characters");
            carla.type("[id='passwordForm:currentPassword']", password);
            carla.type("[id='passwordForm:newPassword']", "carla-nuova-2026");
            carla.clickAndWait("[id='passwordForm:change']");
            assertThat(carla.text(".ui-messages")).contains("Password web cambiata");
            password = "carla-nuova-2026";
            byte[] secret = Base32.decode(carla.text("#secret"));
            assertThat(carla.present("#qr")).isTrue();
            carla.screenshot("webmail-users-my-access");
            long enrolledStep = Totp.step(Instant.now());
            carla.type("[id='totpForm:totpCode']", Totp.standard().code(secret, Instant.now()));
            carla.clickAndWait("[id='totpForm:enrol']");
            assertThat(carla.text("#totpState")).startsWith("Attiva");
            // recovery codes as holders get, shown once
            assertThat(carla.text(".ui-messages")).contains("Conserva i codici di recupero");
            List<String> recovery = carla.driver().findElements(By.cssSelector("#recoveryCodes li")).stream()
                    .map(WebElement::getText).toList();
            assertThat(recovery).hasSize(10).allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
            carla.screenshot("webmail-users-recovery-codes");
            carla.open(https("/my/mail/me.xhtml"));
            assertThat(carla.present("#recoveryCodes")).as("shown only once").isFalse();
            // signing in again takes the new password and a code; the password alone opens nothing
            carla.clickAndWait("[id='signOutForm:signOut']");
            signIn(carla, user, password);
            assertThat(carla.heading()).isEqualTo("Verifica in due passaggi");
            carla.type("[id='totp:code']", "000000".equals(Totp.standard().code(secret, Instant.now())) ? "111111" : "000000");
            carla.clickAndWait("[id='totp:verify']");
            assertThat(carla.text(".ui-messages")).contains("Codice non valido");
            carla.open(https("/my/mail/index.xhtml"));
            assertThat(carla.driver().getCurrentUrl()).as("the password alone opens nothing").endsWith("/my/login.xhtml");
            signIn(carla, user, password);
            while (Totp.step(Instant.now()) <= enrolledStep) {
                Thread.sleep(500); // the enrolment's code is spent: the next step's
            }
            carla.type("[id='totp:code']", Totp.standard().code(secret, Instant.now()));
            carla.clickAndWait("[id='totp:verify']");
            assertThat(carla.driver().getCurrentUrl()).contains("/my/mail/");
            assertThat(carla.text("#actingUser")).contains(user).contains(ANNA);
            // a recovery code instead of the app's code, once
            carla.clickAndWait("[id='signOutForm:signOut']");
            signIn(carla, user, password);
            assertThat(carla.text("body")).contains("uno dei codici di recupero");
            carla.type("[id='totp:code']", recovery.get(0).toUpperCase(java.util.Locale.ROOT));
            carla.clickAndWait("[id='totp:verify']");
            assertThat(carla.text("#actingUser")).contains(user);
            carla.clickAndWait("[id='signOutForm:signOut']");
            signIn(carla, user, password);
            carla.type("[id='totp:code']", recovery.get(0));
            carla.clickAndWait("[id='totp:verify']");
            assertThat(carla.text(".ui-messages")).as("a recovery code works once").contains("Codice non valido");
            signIn(carla, user, password);
            carla.type("[id='totp:code']", recovery.get(1));
            carla.clickAndWait("[id='totp:verify']");
            assertThat(carla.text("#actingUser")).contains(user);
            // turned off with a code (a wrong one changes nothing); then the password alone signs in
            carla.open(https("/my/mail/me.xhtml"));
            carla.type("[id='totpForm:totpCode']", "000000".equals(Totp.standard().code(secret, Instant.now())) ? "111111" : "000000");
            carla.clickAndWait("[id='totpForm:disable']");
            assertThat(carla.text(".ui-messages")).contains("Codice non valido");
            assertThat(carla.text("#totpState")).startsWith("Attiva");
            carla.type("[id='totpForm:totpCode']", recovery.get(2));
            carla.clickAndWait("[id='totpForm:disable']");
            assertThat(carla.text(".ui-messages")).contains("Verifica in due passaggi disattivata");
            assertThat(carla.text("#totpState")).startsWith("Non attiva");
            assertThat(carla.present("#qr")).as("ready to be turned on again").isTrue();
            carla.screenshot("webmail-users-totp-off");
            carla.clickAndWait("[id='signOutForm:signOut']");
            signIn(carla, user, password);
            assertThat(carla.driver().getCurrentUrl()).contains("/my/mail/");
            assertThat(carla.text("#actingUser")).contains(user).contains(ANNA);

            // the trail names the user, with the message's id and recipient
            holder.open(https("/my/mail/settings.xhtml"));
            assertThat(holder.text("#sendTrail tr.pec-trail-row .pec-trail-by")).isEqualTo(user);
            assertThat(holder.text("#sendTrail tr.pec-trail-row")).contains(recipient.address()).contains("@");
            scrollTo(holder, "#sendTrail");
            holder.screenshot("webmail-users-trail");

            // revoked: the user's next request ends the session
            holder.clickAndWait("#users tr.pec-mail-user button");
            assertThat(holder.text(".ui-messages")).contains("Utente revocato");
            assertThat(holder.text("#users tr.pec-mail-user")).contains("revocato il");
            carla.open(https("/my/mail/index.xhtml"));
            assertThat(carla.heading()).isEqualTo("Accesso titolari");
            carla.open(https("/my/mail/compose.xhtml"));
            assertThat(carla.heading()).as("the session is gone").isEqualTo("Accesso titolari");
            carla.type("[id='login:address']", user);
            carla.type("[id='login:password']", password);
            carla.clickAndWait("[id='login:signIn']");
            assertThat(carla.heading()).as("a revoked user cannot sign in again").isEqualTo("Accesso titolari");
            carla.screenshot("webmail-users-revoked");
        }
    }

    private static void scrollTo(Browser browser, String css) {
        ((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()", browser.find(css));
    }

    private static void signIn(Browser browser, String login, String password) {
        browser.open(https("/my/login.xhtml"));
        browser.type("[id='login:address']", login);
        browser.type("[id='login:password']", password);
        browser.clickAndWait("[id='login:signIn']");
    }

    /**
     * A delivery's notices leave as soon as it commits (PromptNotices), without the notices job's run every 15
     * minutes: nothing here runs the job.
     */
    private static FakeSmtpServer.Received awaitNotice(java.util.function.Predicate<FakeSmtpServer.Received> which) {
        return ordinaryMail.await(which, WAIT, "the rule's notice, sent right after the delivery");
    }

    private static RawSmtp.Outcome sendOrdinary(String subject) throws Exception {
        byte[] raw = ("From: <eve@example.org>\r\nTo: " + ANNA + "\r\nSubject: " + subject + "\r\n"
                + "Date: Sat, 5 Dec 2026 10:00:00 +0100\r\nMessage-ID: <ordinaria-" + System.nanoTime()
                + "@example.org>\r\n\r\nPosta ordinaria.\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawSmtp c = RawSmtp.plain(server.inboundPort())) {
            c.greeting();
            c.ehlo("mx.example.org");
            RawSmtp.Outcome o = c.send("eve@example.org", List.of(ANNA), raw);
            c.quit();
            return o;
        }
    }

    /** Posts an export button's form from the page, as the browser would, and returns the downloaded text. */
    private static String exported(Browser browser, String button) {
        return (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById('exportForm');
                const d = new FormData(form); d.append(arguments[0], arguments[0]);
                fetch(form.action, {method: 'POST', body: new URLSearchParams(d)}).then(r => r.text()).then(done);
                """, button);
    }

    private static String decoded(FakeSmtpServer.Received r) {
        try (java.io.InputStream body = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(r.data())).getInputStream()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new AssertionError("unreadable mail to " + r.rcpts() + ": " + e, e);
        }
    }

    /** Every visible input, select and textarea has a label naming it (architecture.md §7). */
    private static void assertEveryInputLabelled(Browser browser) {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) browser.driver()).executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(e => e.type !== 'hidden' && e.offsetParent !== null)
                  .filter(e => !e.id || !document.querySelector('label[for="' + CSS.escape(e.id) + '"]'))
                  .map(e => e.name || e.id || e.outerHTML);
                """);
        assertThat(unlabelled).as("inputs without a label on " + browser.driver().getCurrentUrl()).isEmpty();
    }
}
