package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.FakeSmtpServer;
import it.certmail.pec.e2e.support.Json;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.security.domain.Base32;
import it.certmail.pec.security.domain.Totp;

/**
 * L'area del titolare nel browser: one real server ({@code ./pec run}, adjustable clock, notices to a test SMTP
 * sink standing for the holders' reference mailboxes) and Debian's headless Chromium. A holder signs in with the
 * web password (the client password is refused), enrols the optional TOTP second factor and signs in again with a
 * code, sees the dashboard with status, dates and usage bars, gets the
 * renewal notice three months before the expiry (and the expiry e-mail's quick-renewal link), renews for 2 years with a discount code priced before paying (a
 * form posted twice renews once), generates a client password and opens IMAP with it, sends a message with it and finds it in the usage report and the
 * official-log extract (page and CSV), adds a second mailbox, switches to it and withdraws it (download-only afterwards), cannot reach another holder's mailbox by forging its address, sees the pages in English, and
 * recovers a forgotten web password through the code sent to the reference e-mail, changes the reference e-mail
 * with a code sent to the new one, and (a year on) sees another mailbox in super reception brought back by Renew.
 * Every page is checked for a visible label on each input. Screenshots go to {@code target/screenshots/}.
 */
class HolderAreaE2E {

    private static final String MARIO = "mario.rossi@titolari.test";
    private static final String MARIO_STUDIO = "studio.rossi@titolari.test";
    private static final String LUIGI = "luigi.verdi@titolari.test";
    private static final String MARIO_REFERENCE = "mario@example.org";
    private static final String WEB_PASSWORD = "Web-Password-1!";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PecServer server;
    private static FakeSmtpServer referenceMail;

    @BeforeAll
    static void startServer() throws Exception {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed:"
                + " apt-get install chromium chromium-driver");
        referenceMail = new FakeSmtpServer("mx.example.org", PecServer.freePort(), null);
        server = new PecServer("holder", "pec.holder.test", "PEC Titolari Prova").freshDataDir();
        server.env("PEC_NOTICES_SMARTHOST", "127.0.0.1:" + referenceMail.port())
                .env("PEC_CLOCK_ADJUSTABLE", "true")
                .env("PEC_WEB_PUBLIC_URL", "https://localhost:" + server.httpsPort())
                // pec.holder.extract.async-above: an extract of more than one entry goes through the holder-extracts job
                .env("PEC_HOLDER_EXTRACT_ASYNC_ABOVE", "1")
                .startAndWait();
        server.rest().createDomain("titolari.test");
        createMailbox(MARIO, "Mario Rossi", MARIO_REFERENCE);
        createMailbox(MARIO_STUDIO, "Mario Rossi", MARIO_REFERENCE);
        createMailbox(LUIGI, "Luigi Verdi", "luigi@example.org");
        server.rest().adminPostJson("/api/admin/discount-codes",
                "{\"code\":\"BENVENUTO20\",\"kind\":\"PERCENT\",\"value\":2000,\"plans\":[\"pro\"]}")
                .requireOk("discount code");
    }

    private static void createMailbox(String address, String holder, String reference) {
        server.rest().adminPostJson("/api/admin/mailboxes", "{\"address\":\"" + address + "\",\"password\":\""
                + WEB_PASSWORD + "\",\"holderName\":\"" + holder + "\",\"referenceEmail\":\"" + reference
                + "\",\"plan\":\"pro\",\"termYears\":1,\"autoRenew\":false,\"paymentToken\":\"tok-visa-4242\"}")
                .requireOk("mailbox " + address);
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

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    @Test
    void holderShouldSignInRenewUseImapSwitchMailboxesAndRecoverThePassword() throws Exception {
        try (Browser browser = new Browser("it-IT,it")) {
            browser.open(https("/"));
            browser.clickAndWait("#holderLink");
            assertThat(browser.driver().getCurrentUrl()).endsWith("/my/login.xhtml");
            assertThat(browser.heading()).isEqualTo("Accesso titolari");
            assertEveryInputLabelled(browser);
            browser.screenshot("holder-login-it");

            // the client password of mail programs does not open the web area
            String adminClientPassword = server.rest().clientPassword(MARIO);
            signIn(browser, MARIO, adminClientPassword);
            assertThat(browser.text(".ui-messages")).contains("Indirizzo o password web non corretti");
            browser.screenshot("holder-login-refused");

            signIn(browser, MARIO, WEB_PASSWORD);
            assertThat(browser.heading()).isEqualTo("La mia casella PEC");
            assertThat(browser.text("#mailboxAddress")).isEqualTo(MARIO);
            assertThat(browser.text("#standing")).isEqualTo("attiva");
            assertThat(browser.text("#plan")).isEqualTo("PEC Pro");
            assertThat(browser.text("#expiresAt")).isNotBlank();
            assertThat(browser.present("#mailboxUsage")).isTrue();
            assertThat(browser.present("#archiveUsage")).isTrue();
            assertThat(browser.text("#mailboxUsageText")).contains("usati di").contains("%");
            assertThat(browser.present("#renewNotice")).as("a year before the expiry").isFalse();
            assertEveryInputLabelled(browser);
            browser.screenshot("holder-dashboard-it");
            String expiryBefore = browser.text("#expiresAt");

            // optional two-step verification: enrolled with the secret shown as text, recovery codes shown once
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.text("#totpState")).startsWith("Non attiva");
            byte[] secret = Base32.decode(browser.text("#secret"));
            assertThat(browser.present("#qr")).isTrue();
            long enrolledStep = Totp.step(Instant.now());
            browser.type("[id='totpForm:totpCode']", Totp.standard().code(secret, Instant.now()));
            browser.clickAndWait("[id='totpForm:enrol']");
            List<String> recoveryCodes = browser.driver().findElements(By.cssSelector("#recoveryCodes li")).stream()
                    .map(e -> e.getText()).toList();
            assertThat(recoveryCodes).hasSize(10);
            assertThat(browser.text("#totpState")).startsWith("Attiva");
            browser.screenshot("holder-totp-enrolled");
            browser.clickAndWait("[id='signOutForm:signOut']");
            signIn(browser, MARIO, WEB_PASSWORD);
            assertThat(browser.heading()).isEqualTo("Verifica in due passaggi");
            browser.open(https("/my/index.xhtml"));
            assertThat(browser.driver().getCurrentUrl()).as("the password alone opens nothing").endsWith("/my/login.xhtml");
            signIn(browser, MARIO, WEB_PASSWORD);
            while (Totp.step(Instant.now()) <= enrolledStep) {
                Thread.sleep(500); // the enrolment's code is spent: the next step's
            }
            browser.type("[id='totp:code']", Totp.standard().code(secret, Instant.now()));
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.heading()).isEqualTo("La mia casella PEC");

            // ten months on: the notice and the Renew button appear
            server.rest().advanceClock(24 * 300).requireOk("clock");
            browser.open(https("/my/index.xhtml"));
            assertThat(browser.text("#standing")).isEqualTo("in scadenza");
            assertThat(browser.text("#renewNotice")).contains("scade il");
            assertThat(browser.text("#clientPasswordExpiry")).as("90 days are over").startsWith("Scaduta il");
            browser.screenshot("holder-dashboard-expiring");

            // the expiry e-mail's quick-renewal link opens the renewal page of that mailbox, after the sign-in
            server.rest().runJob("notices").requireOk("notices job");
            FakeSmtpServer.Received expiryMail = referenceMail.await(r -> r.rcpts().contains(MARIO_REFERENCE)
                    && decoded(r).contains("mailbox=mario.rossi"), WAIT, "the expiry notice with its renewal link");
            Matcher link = Pattern.compile("Rinnovo rapido: (\\S+)").matcher(decoded(expiryMail));
            assertThat(link.find()).as(decoded(expiryMail)).isTrue();
            browser.clickAndWait("[id='signOutForm:signOut']");
            browser.open(link.group(1));
            assertThat(browser.heading()).isEqualTo("Accesso titolari");
            signIn(browser, MARIO, WEB_PASSWORD);
            // the service clock is 300 days ahead of the phone's: a recovery code stands in for the app's code
            browser.type("[id='totp:code']", recoveryCodes.get(1));
            browser.clickAndWait("[id='totp:verify']");
            assertThat(browser.heading()).isEqualTo("Rinnovo e spazio");
            assertThat(browser.text("#renewFor")).contains(MARIO);

            browser.open(https("/my/index.xhtml"));
            browser.clickAndWait("#renewButton");
            assertThat(browser.heading()).isEqualTo("Rinnovo e spazio");
            assertEveryInputLabelled(browser);

            // the discount code is checked and priced before paying: PEC Pro 2 x 25.00, 20% off
            new Select(browser.find("[id='renewForm:years']")).selectByValue("2");
            browser.type("[id='renewForm:discountCode']", "NONESISTE");
            browser.clickAndWait("[id='renewForm:check']");
            assertThat(browser.text(".ui-messages")).contains("codice sconto sconosciuto");
            assertThat(browser.present("[id='renewForm:pay']")).isFalse();
            browser.type("[id='renewForm:discountCode']", "BENVENUTO20");
            browser.clickAndWait("[id='renewForm:check']");
            assertThat(browser.text(".ui-messages")).contains("BENVENUTO20 valido per il piano PEC Pro");
            assertThat(browser.text("#quoteDiscount")).isEqualTo("10,00 €");
            assertThat(browser.text("#quoteTotal")).isEqualTo("48,80 €");
            browser.screenshot("holder-renew-quote");

            int ordersBefore = ordersOf(browser);
            browser.open(https("/my/renew.xhtml"));
            new Select(browser.find("[id='renewForm:years']")).selectByValue("2");
            browser.type("[id='renewForm:discountCode']", "BENVENUTO20");
            browser.clickAndWait("[id='renewForm:check']");
            // the same form posted twice, as a double click does: one order only
            List<Long> statuses = postPayTwice(browser);
            assertThat(statuses).containsOnly(200L);
            browser.open(https("/my/account.xhtml"));
            assertThat(ordersOf(browser)).isEqualTo(ordersBefore + 1);
            assertThat(browser.text("#orders")).contains("BENVENUTO20", "48,80 €").containsPattern("\\d{4}/\\d{6}");
            assertEveryInputLabelled(browser);
            browser.screenshot("holder-account-orders");
            browser.open(https("/my/index.xhtml"));
            assertThat(browser.text("#standing")).isEqualTo("attiva");
            assertThat(browser.text("#expiresAt")).isNotEqualTo(expiryBefore);
            assertThat(browser.present("#renewNotice")).isFalse();

            // a client password generated here, shown once, opens IMAP; the one from before no longer does
            browser.open(https("/my/account.xhtml"));
            browser.clickAndWait("[id='clientPasswordForm:generate']");
            String clientPassword = browser.text("#newClientPassword");
            assertThat(clientPassword).isNotBlank();
            browser.screenshot("holder-client-password");
            assertThat(imapInboxOpens(MARIO, clientPassword)).isTrue();
            assertThat(imapInboxOpens(MARIO, adminClientPassword)).isFalse();

            // a PEC message to itself with that password, then the reports: usage per month and the log extract
            Mailbox mario = new Mailbox(server, MARIO, clientPassword);
            Submission smtp = new Submission(server, mario);
            assertThat(smtp.send(smtp.text("Prova dal titolare", "Corpo di prova.", List.of(MARIO), List.of()))
                    .accepted()).isTrue();
            mario.await("CONSEGNA: Prova dal titolare", Duration.ofSeconds(90));
            browser.open(https("/my/reports.xhtml"));
            assertEveryInputLabelled(browser);
            browser.clickAndWait("[id='periodForm:show']");
            assertThat(browser.text("#usageReport tbody")).matches("(?s).*\\d{4}-\\d{2}\\s+1\\s+1\\s+0.*");
            assertThat(browser.text("#logExtract")).contains("ACCETTAZIONE", "CONSEGNA", "Prova dal titolare");
            browser.screenshot("holder-reports");
            String csv = postForm(browser, "periodForm", "periodForm:csv");
            assertThat(csv).startsWith("event_time,event_type,msgid,sender,recipients,subject")
                    .contains(",ACCETTAZIONE,", ",CONSEGNA,", "Prova dal titolare");
            browser.open(https("/my/account.xhtml"));

            // contact data: the mobile number for SMS alerts, kept
            browser.type("[id='mobileForm:mobileNumber']", "12ab");
            browser.clickAndWait("[id='mobileForm:saveMobile']");
            assertThat(browser.text(".ui-messages")).contains("sole cifre");
            browser.type("[id='mobileForm:mobileNumber']", "+39 333 1234567");
            browser.clickAndWait("[id='mobileForm:saveMobile']");
            assertThat(browser.text(".ui-messages")).contains("Numero di cellulare salvato");
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.find("[id='mobileForm:mobileNumber']").getAttribute("value")).isEqualTo("+39 333 1234567");

            // another holder's mailbox cannot be reached by naming it, in the address or in a forged form
            browser.open(https("/my/renew.xhtml?mailbox=" + LUIGI));
            assertThat(browser.text(".ui-messages")).contains("non è tra quelle");
            assertThat(browser.present("[id='renewForm']")).isFalse();
            browser.open(https("/my/index.xhtml"));
            ((JavascriptExecutor) browser.driver()).executeScript(
                    "document.querySelector(\"[id='switchForm:switchTo'] option\").value = arguments[0];", LUIGI);
            browser.clickAndWait("[id='switchForm:switch']");
            // refused before the action (the value is not one the page offered) or by it: either way an error
            assertThat(browser.present(".ui-messages-error")).isTrue();
            browser.open(https("/my/index.xhtml"));
            assertThat(browser.text("#mailboxAddress")).isEqualTo(MARIO);
            browser.screenshot("holder-forged-refused");

            // the same holder's second mailbox: added with its own web password, then a switch away
            browser.type("[id='addForm:address']", MARIO_STUDIO);
            browser.type("[id='addForm:password']", WEB_PASSWORD);
            browser.clickAndWait("[id='addForm:add']");
            assertThat(browser.text("#mailboxAddress")).isEqualTo(MARIO_STUDIO);
            new Select(browser.find("[id='switchForm:switchTo']")).selectByValue(MARIO);
            browser.clickAndWait("[id='switchForm:switch']");
            assertThat(browser.text("#mailboxAddress")).isEqualTo(MARIO);
            new Select(browser.find("[id='switchForm:switchTo']")).selectByValue(MARIO_STUDIO);
            browser.clickAndWait("[id='switchForm:switch']");

            // withdrawal of the second mailbox: the consequences first, a confirmation, then it is closed to mail and
            // download-only until its deletion 30 days later (HolderWithdrawalE2E follows it to the end)
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.text("#accountFor")).contains(MARIO_STUDIO);
            assertThat(browser.text("#withdrawConsequences")).contains("cancellati", "5 anni");
            browser.clickAndWait("[id='withdrawForm:withdraw']");
            assertThat(browser.text(".ui-messages")).contains("Conferma di aver letto");
            browser.find("[id='withdrawForm:understood']").click();
            browser.clickAndWait("[id='withdrawForm:withdraw']");
            assertThat(browser.text(".ui-messages")).contains(MARIO_STUDIO, "Recesso registrato");
            assertThat(browser.text("#mailboxAddress")).isEqualTo(MARIO_STUDIO);
            assertThat(browser.text("#standing")).isEqualTo("receduta (in attesa di cancellazione)");
            assertThat(browser.text("#deletionNotice")).contains("sarà cancellata");
            assertThat(server.rest().adminGet("/api/admin/mailboxes/" + MARIO_STUDIO).status()).isEqualTo(200);
            browser.screenshot("holder-withdrawn");
            new Select(browser.find("[id='switchForm:switchTo']")).selectByValue(MARIO);
            browser.clickAndWait("[id='switchForm:switch']");
            assertThat(browser.text("#mailboxAddress")).isEqualTo(MARIO);

            // English
            browser.clickAndWait("a[hreflang='en']");
            assertThat(browser.heading()).isEqualTo("My PEC mailbox");
            assertThat(browser.text("#standing")).isEqualTo("active");
            assertThat(browser.text("#mailboxUsageText")).contains("used of");
            assertEveryInputLabelled(browser);
            browser.screenshot("holder-dashboard-en");
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.heading()).isEqualTo("Account and security");
            assertEveryInputLabelled(browser);
            browser.screenshot("holder-account-en");
            browser.clickAndWait("a[hreflang='it']");

            browser.clickAndWait("[id='signOutForm:signOut']");
            assertThat(browser.text("#signedOut")).contains("Sei uscito");
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.driver().getCurrentUrl()).endsWith("/my/login.xhtml");

            // a forgotten web password: a code to the reference e-mail, a wrong code refused, the right one once
            browser.clickAndWait("#recoverLink");
            assertThat(browser.heading()).isEqualTo("Recupero della password web");
            assertEveryInputLabelled(browser);
            browser.type("[id='addressForm:address']", MARIO);
            browser.clickAndWait("[id='addressForm:send']");
            String code = awaitCode(MARIO_REFERENCE);
            browser.type("[id='codeForm:code']", code.equals("000000") ? "111111" : "000000");
            browser.clickAndWait("[id='codeForm:confirm']");
            assertThat(browser.text(".ui-messages")).contains("Codice non valido");
            browser.type("[id='codeForm:code']", code);
            browser.clickAndWait("[id='codeForm:confirm']");
            browser.screenshot("holder-recover-password");
            browser.type("[id='passwordForm:newPassword']", "short");
            browser.clickAndWait("[id='passwordForm:save']");
            assertThat(browser.text(".ui-messages")).contains("8");
            browser.type("[id='passwordForm:newPassword']", "Nuova-Password-2!");
            browser.clickAndWait("[id='passwordForm:save']");
            assertThat(browser.heading()).isEqualTo("Accesso titolari");
            assertThat(browser.text(".ui-messages")).contains("Password web reimpostata");
            signIn(browser, MARIO, WEB_PASSWORD);
            assertThat(browser.text(".ui-messages")).contains("non corretti");
            signIn(browser, MARIO, "Nuova-Password-2!");
            browser.type("[id='totp:code']", recoveryCodes.get(0));
            browser.clickAndWait("[id='totp:verify']");
            // the page asked for while signed out (above) opens now
            assertThat(browser.heading()).isEqualTo("Account e sicurezza");
            // the recovery is announced to the reference e-mail (the notices job sends it)
            server.rest().runJob("notices").requireOk("notices job");
            referenceMail.await(r -> r.rcpts().contains(MARIO_REFERENCE) && decoded(r).contains("reimpostata"), WAIT,
                    "the recovery announcement");

            // a new reference e-mail counts only once the code sent to it comes back; the old one is told
            browser.open(https("/my/account.xhtml"));
            browser.type("[id='referenceForm:newReferenceEmail']", "mario.nuovo@example.org");
            browser.clickAndWait("[id='referenceForm:sendCode']");
            assertThat(browser.text(".ui-messages")).contains("mario.nuovo@example.org");
            assertThat(browser.text("#currentReference")).contains(MARIO_REFERENCE);
            FakeSmtpServer.Received confirm = referenceMail.await(r -> r.rcpts().contains("mario.nuovo@example.org")
                    && decoded(r).contains("e-mail di riferimento"), WAIT, "the confirmation code");
            Matcher m = Pattern.compile(": (\\d{6})\\b").matcher(decoded(confirm));
            assertThat(m.find()).isTrue();
            browser.type("[id='referenceForm:referenceCode']", m.group(1));
            browser.clickAndWait("[id='referenceForm:confirmCode']");
            assertThat(browser.text("#currentReference")).contains("mario.nuovo@example.org");
            referenceMail.await(r -> r.rcpts().contains(MARIO_REFERENCE) && decoded(r).contains("mario.nuovo@example.org"),
                    WAIT, "the notice to the old reference e-mail");
            browser.screenshot("holder-reference-changed");

            // a year and five days after the activation Luigi's mailbox has expired into super reception: the
            // dashboard says so, and its Renew button brings it back
            browser.clickAndWait("[id='signOutForm:signOut']");
            server.rest().advanceClock(24 * 70).requireOk("clock");
            server.rest().runJob("billing").requireOk("billing job");
            server.rest().runJob("lifecycle").requireOk("lifecycle job");
            signIn(browser, LUIGI, WEB_PASSWORD);
            assertThat(browser.text("#standing")).isEqualTo("scaduta, in super ricezione");
            assertThat(browser.text("#standingAction")).contains("non invia");
            assertThat(browser.text("#renewNotice")).contains("è scaduta il");
            browser.screenshot("holder-super-reception");
            browser.clickAndWait("#renewButton");
            browser.clickAndWait("[id='renewForm:check']");
            browser.clickAndWait("[id='renewForm:pay']");
            assertThat(browser.text(".ui-messages")).contains("Ordine registrato");
            browser.open(https("/my/index.xhtml"));
            assertThat(browser.text("#standing")).isEqualTo("attiva");

            // a plan change now, with the existing rules: the smaller plan fits, its price and the archive's loss said
            browser.open(https("/my/renew.xhtml"));
            new Select(browser.find("[id='changeForm:changePlan']")).selectByValue("standard");
            browser.clickAndWait("[id='changeForm:checkChange']");
            assertThat(browser.text("#changeQuote")).contains("PEC Standard");
            assertThat(browser.text("#changeDeletesArchive")).contains("archiviati saranno cancellati");
            browser.screenshot("holder-plan-change");
            browser.clickAndWait("[id='changeForm:change']");
            assertThat(browser.text(".ui-messages")).contains("Ordine registrato");
            browser.open(https("/my/index.xhtml"));
            assertThat(browser.text("#plan")).isEqualTo("PEC Standard");
            assertThat(browser.present("#archiveUsage")).isFalse();
        }
    }

    /**
     * The holder's documents: the invoice PDF from the orders list, the contract (the same bytes every time) and a
     * signed official-log extract whose detached CMS signature verifies with openssl and whose entries are the admin
     * log's for the same transmission; another holder gets none of them by changing the id in the URL.
     */
    @Test
    void holderShouldDownloadInvoiceContractAndSignedLogExtractThatNoOtherHolderCanFetch() throws Exception {
        String anna = "anna.bianchi@titolari.test";
        String carla = "carla.neri@titolari.test";
        createMailbox(anna, "Anna Bianchi", "anna@example.org");
        createMailbox(carla, "Carla Neri", "carla@example.org");
        String invoiceUrl;
        String extractUrl;
        String signatureUrl;
        byte[] annaContract;
        try (Browser browser = new Browser("it-IT,it")) {
            browser.open(https("/my/index.xhtml"));
            signIn(browser, anna, WEB_PASSWORD);
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.text("#orders")).contains("€");
            WebElement invoiceLink = browser.find("#orders a.pec-invoice-pdf");
            invoiceUrl = invoiceLink.getAttribute("href");
            String invoiceNumber = invoiceLink.getText().replaceAll("^Fattura (\\S+) \\(PDF\\)$", "$1");
            Download invoice = download(browser, invoiceUrl);
            assertThat(invoice.status()).isEqualTo(200);
            assertThat(pdfText(invoice.bytes())).contains("Fattura n. " + invoiceNumber, "Anna Bianchi", anna, "Totale");

            Download contract = download(browser, https("/my/documents/contract"));
            assertThat(contract.status()).isEqualTo(200);
            assertThat(pdfText(contract.bytes())).contains("Contratto di fornitura", "Anna Bianchi", anna, "PEC Pro",
                    "versione 2026-01");
            assertThat(download(browser, https("/my/documents/contract")).bytes()).isEqualTo(contract.bytes());
            annaContract = contract.bytes();
            // the same documents for an English page: the contract kept apart, byte for byte, the invoice in English
            Download english = download(browser, https("/my/documents/contract?lang=en"));
            assertThat(pdfText(english.bytes())).contains("Contract for the supply", "Anna Bianchi", "PEC Pro");
            assertThat(download(browser, https("/my/documents/contract?lang=en")).bytes()).isEqualTo(english.bytes());
            assertThat(english.bytes()).isNotEqualTo(annaContract);
            assertThat(pdfText(download(browser, invoiceUrl.replace("lang=it", "lang=en")).bytes()))
                    .contains("Invoice no. " + invoiceNumber, "Total");
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.text("#contractDigest")).contains(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(annaContract)));
            assertThat(browser.text("#downloads")).contains("Fattura", invoiceNumber, "Contratto");
            browser.screenshot("holder-documents-account");

            // one transmission, then its signed extract
            browser.clickAndWait("[id='clientPasswordForm:generate']");
            String clientPassword = browser.text("#newClientPassword");
            Mailbox mailbox = new Mailbox(server, anna, clientPassword);
            Submission smtp = new Submission(server, mailbox);
            assertThat(smtp.send(smtp.text("Estratto firmato", "Corpo.", List.of(anna), List.of())).accepted()).isTrue();
            mailbox.await("CONSEGNA: Estratto firmato", Duration.ofSeconds(90));
            browser.open(https("/my/reports.xhtml"));
            assertThat(browser.text("#noExtracts")).isNotBlank();
            browser.clickAndWait("[id='periodForm:signed']");
            // more entries than the test server's threshold (1): queued for the holder-extracts job, progress shown
            assertThat(browser.text(".ui-messages")).contains("preparato in background");
            String status = browser.text("#extracts .pec-extract-status");
            if (!status.contains("Pronto")) {
                assertThat(status).matches("(?s).*(In coda|In preparazione): \\d+ di \\d+ voci.*");
                WebElement progress = browser.find("#extracts progress.pec-extract-progress");
                assertThat(browser.find("label[for='" + progress.getAttribute("id") + "']").getText())
                        .contains(" di ");
                assertThat(browser.text("#extractsRefreshing")).isNotBlank();
                browser.screenshot("holder-documents-extract-progress");
            }
            // the page's poll brings the READY row and its links, without reopening the page
            new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(180))
                    .until(d -> !d.findElements(org.openqa.selenium.By.cssSelector("#extracts a.pec-extract-pdf")).isEmpty());
            assertThat(browser.text("#extracts .pec-extract-status")).contains("Pronto", "conservato fino al");
            assertEveryInputLabelled(browser);
            browser.screenshot("holder-documents-extracts");
            extractUrl = browser.find("#extracts a.pec-extract-pdf").getAttribute("href");
            signatureUrl = browser.find("#extracts a.pec-extract-p7s").getAttribute("href");
            Download pdf = download(browser, extractUrl);
            Download p7s = download(browser, signatureUrl);
            assertThat(pdf.status()).isEqualTo(200);
            assertThat(p7s.status()).isEqualTo(200);
            OpenSsl.assumeAvailable();
            OpenSsl.Result verified = OpenSsl.verifyDetached(pdf.bytes(), p7s.bytes(), server.caPemFile());
            assertThat(verified.ok()).as(verified.stderr()).isTrue();
            // the job's result is kept: the same bytes at every download
            assertThat(download(browser, extractUrl).bytes()).isEqualTo(pdf.bytes());
            assertThat(download(browser, signatureUrl).bytes()).isEqualTo(p7s.bytes());

            // the admin log of the same transmission: its msgid from Anna's entries as sender, then every entry of it
            List<String> msgids = Json.arrayOfObjects(server.rest().adminGet("/api/admin/log?sender="
                    + java.net.URLEncoder.encode(anna, java.nio.charset.StandardCharsets.UTF_8)).requireOk("log").text())
                    .stream().map(e -> (String) e.get("msgid")).filter(java.util.Objects::nonNull).distinct().toList();
            assertThat(msgids).hasSize(1);
            List<Map<String, Object>> adminLog = server.rest().log(msgids.get(0));
            assertThat(adminLog).isNotEmpty();
            String text = pdfText(pdf.bytes()).replace("\r", "");
            assertThat(text).contains(msgids.get(0), "Voci " + adminLog.size());
            // the READY row counts the same entries as the PDF
            browser.open(https("/my/reports.xhtml"));
            assertThat(browser.find("#extracts tr.pec-extract-READY td:nth-child(4)").getText())
                    .isEqualTo(Integer.toString(adminLog.size()));
            for (Map<String, Object> entry : adminLog) {
                assertThat(text).contains((String) entry.get("event"), isoTime(entry.get("time")));
                @SuppressWarnings("unchecked")
                List<String> generated = (List<String>) entry.get("generatedIds");
                if (generated != null) {
                    generated.forEach(id -> assertThat(text).contains(id));
                }
            }
            browser.open(https("/my/account.xhtml"));
            assertThat(browser.text("#downloads")).contains("Estratto del registro (PDF)", "Firma dell'estratto (.p7s)");

            // the whole mailbox as a zip of .eml files: the message and its receipts are there
            Download zip = download(browser, https("/my/documents/mailbox.zip"));
            assertThat(zip.status()).isEqualTo(200);
            List<String> names = new java.util.ArrayList<>();
            StringBuilder all = new StringBuilder();
            try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip.bytes()))) {
                for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    names.add(e.getName());
                    all.append(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(names).allMatch(n -> n.endsWith(".eml")).anyMatch(n -> n.startsWith("INBOX/"));
            assertThat(all).contains("ACCETTAZIONE: Estratto firmato", "CONSEGNA: Estratto firmato");

            // the payment method masked, an add-on the plan sells, another mailbox paid with the stored method
            assertThat(browser.text("#paymentMethod")).contains("•••• 4242").doesNotContain("tok-visa");
            browser.open(https("/my/renew.xhtml"));
            new Select(browser.find("[id='extraForm:kind']")).selectByValue("SMS_NOTIFICATIONS");
            browser.type("[id='extraForm:extraGb']", "1");
            browser.clickAndWait("[id='extraForm:buyExtra']");
            assertThat(browser.text(".ui-messages")).contains("Ordine registrato");
            browser.open(https("/my/renew.xhtml"));
            assertThat(browser.text("#runningAddOns")).contains("SMS_NOTIFICATIONS x 1");
            browser.open(https("/my/buy.xhtml"));
            assertEveryInputLabelled(browser);
            assertThat(browser.text("#buyPaymentMethod")).contains("•••• 4242");
            browser.type("[id='buyForm:address']", "anna.studio@titolari.test");
            new Select(browser.find("[id='buyForm:plan']")).selectByValue("standard");
            browser.type("[id='buyForm:webPassword']", WEB_PASSWORD);
            browser.clickAndWait("[id='buyForm:buy']");
            assertThat(browser.text(".ui-messages")).contains("anna.studio@titolari.test", "attivata");
            browser.screenshot("holder-bought-mailbox");
            assertThat(server.rest().adminGet("/api/admin/mailboxes/anna.studio%40titolari.test").text())
                    .contains("Anna Bianchi");
            // a mobile number and the SMS add-on: the recovery code goes by SMS as well as by e-mail
            browser.open(https("/my/account.xhtml"));
            browser.type("[id='mobileForm:mobileNumber']", "+39 333 7654321");
            browser.clickAndWait("[id='mobileForm:saveMobile']");
            // a refused payment buys nothing and leaves no mailbox behind
            browser.open(https("/my/account.xhtml"));
            browser.type("[id='paymentForm:token']", "decline-0000");
            browser.clickAndWait("[id='paymentForm:save']");
            browser.open(https("/my/buy.xhtml"));
            browser.type("[id='buyForm:address']", "anna.rifiutata@titolari.test");
            browser.type("[id='buyForm:webPassword']", WEB_PASSWORD);
            browser.clickAndWait("[id='buyForm:buy']");
            assertThat(browser.text(".ui-messages")).contains("rifiutato");
            assertThat(server.rest().adminGet("/api/admin/mailboxes/anna.rifiutata%40titolari.test").status())
                    .isEqualTo(404);
        }
        try (Browser browser = new Browser("it-IT,it")) {
            browser.open(https("/my/recover.xhtml"));
            browser.type("[id='addressForm:address']", anna);
            browser.clickAndWait("[id='addressForm:send']");
            String code = awaitCode("anna@example.org");
            long deadline = System.currentTimeMillis() + 30_000;
            while (server.logLines("SMS (sandbox) to +39 333 7654321").stream().noneMatch(l -> l.contains(code))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertThat(server.logLines("SMS (sandbox) to +39 333 7654321")).anyMatch(l -> l.contains(code));
        }
        // another holder: Anna's documents are not found, the contract is Carla's own
        try (Browser browser = new Browser("it-IT,it")) {
            browser.open(https("/my/index.xhtml"));
            signIn(browser, carla, WEB_PASSWORD);
            assertThat(download(browser, invoiceUrl).status()).isEqualTo(404);
            assertThat(download(browser, extractUrl).status()).isEqualTo(404);
            assertThat(download(browser, signatureUrl).status()).isEqualTo(404);
            Download own = download(browser, https("/my/documents/contract"));
            assertThat(own.bytes()).isNotEqualTo(annaContract);
            assertThat(pdfText(own.bytes())).contains("Carla Neri").doesNotContain("Anna Bianchi");
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
        return new Download(((Number) r.get(0)).intValue(), java.util.Base64.getDecoder().decode((String) r.get(1)));
    }

    private static String pdfText(byte[] pdf) throws java.io.IOException {
        try (org.apache.pdfbox.pdmodel.PDDocument d = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(d);
        }
    }

    /** The admin API's time as the extract prints it (ISO 8601 UTC). */
    private static String isoTime(Object time) {
        return java.time.format.DateTimeFormatter.ISO_INSTANT.format(Instant.parse(String.valueOf(time)));
    }

    private static void signIn(Browser browser, String address, String password) {
        browser.type("[id='login:address']", address);
        browser.type("[id='login:password']", password);
        browser.clickAndWait("[id='login:signIn']");
    }

    private static int ordersOf(Browser browser) {
        browser.open(https("/my/account.xhtml"));
        return browser.driver().findElements(By.cssSelector("#orders tr.pec-order")).size();
    }

    /** Posts the renewal form with its pay button twice in a row, as the browser would: the HTTP statuses. */
    @SuppressWarnings("unchecked")
    private static List<Long> postPayTwice(Browser browser) {
        return (List<Long>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById('renewForm');
                const body = () => { const d = new FormData(form); d.append('renewForm:pay', 'renewForm:pay');
                                     return new URLSearchParams(d); };
                (async () => {
                  const a = await fetch(form.action, {method: 'POST', body: body()});
                  const b = await fetch(form.action, {method: 'POST', body: body()});
                  done([a.status, b.status]);
                })().catch(e => done([String(e)]));
                """);
    }

    /** Posts a form of the current page with one of its buttons and answers the response's text. */
    private static String postForm(Browser browser, String formId, String button) {
        return (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById(arguments[0]);
                const data = new FormData(form);
                data.append(arguments[1], arguments[1]);
                fetch(form.action, {method: 'POST', body: new URLSearchParams(data)})
                  .then(r => r.text()).then(done).catch(e => done(String(e)));
                """, formId, button);
    }

    private static boolean imapInboxOpens(String address, String password) throws GeneralSecurityException {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", TlsContexts.client(List.of(server.caCertificate())).getSocketFactory());
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "30000");
        try {
            Store store = Session.getInstance(p).getStore("imaps");
            store.connect("127.0.0.1", server.imapPort(), address, password);
            try {
                Folder inbox = store.getFolder("INBOX");
                inbox.open(Folder.READ_ONLY);
                inbox.getMessageCount();
                inbox.close(false);
                return true;
            } finally {
                store.close();
            }
        } catch (jakarta.mail.AuthenticationFailedException e) {
            return false;
        } catch (jakarta.mail.MessagingException e) {
            throw new AssertionError("IMAP " + address + ": " + e, e);
        }
    }

    private static String awaitCode(String to) {
        FakeSmtpServer.Received mail = referenceMail.await(r -> r.rcpts().contains(to)
                && decoded(r).contains("Codice per reimpostare"), WAIT, "the recovery code");
        Matcher m = Pattern.compile(": (\\d{6})\\b").matcher(decoded(mail));
        assertThat(m.find()).as("a six-digit code in " + decoded(mail)).isTrue();
        return m.group(1);
    }

    /** The text of a plain-text mail, its transfer encoding (quoted-printable) undone. */
    private static String decoded(FakeSmtpServer.Received r) {
        try (java.io.InputStream body = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(r.data())).getInputStream()) {
            return new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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
