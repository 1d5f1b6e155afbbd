package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.sun.net.httpserver.HttpServer;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecMail;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;

/**
 * La webmail, lettura, nel browser: one real server, Debian's headless Chromium, a mail client on IMAP and a tiny
 * local HTTP server standing for a sender's image host (it counts hits). Mario sends Luigi a PEC with an HTML body
 * carrying a script and a remote image, and a PDF attachment; Luigi's webmail lists it with the "posta certificata"
 * badge, opens the original with its attachment and a valid signature verdict; the script never runs and the image
 * is not fetched until Luigi asks for remote images; the downloaded .eml is the exact stored message and passes
 * {@code openssl smime -verify}; a flag set in the webmail is \Flagged over IMAP and \Seen set over IMAP shows as
 * read in the webmail; Mario's acceptance receipt shows the "accettazione" badge and links to the original in his
 * Sent; Mario cannot reach Luigi's folder or message by URL (404). Screenshots go to {@code target/screenshots/}.
 */
class WebmailReadingE2E {

    private static final String MARIO = "mario@lettura.test";
    private static final String LUIGI = "luigi@lettura.test";
    private static final String WEB_PASSWORD = "Web-Password-1!";
    private static final String SUBJECT = "Fattura di novembre";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final byte[] PDF = "%PDF-1.4\n% fattura di prova\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    private static PecServer server;
    private static HttpServer imageHost;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed");
        imageHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imageHost.createContext("/", exchange -> {
            hits.computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger()).incrementAndGet();
            byte[] gif = Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
            exchange.getResponseHeaders().add("Content-Type", "image/gif");
            exchange.sendResponseHeaders(200, gif.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(gif);
            }
        });
        imageHost.start();
        server = new PecServer("webmail", "pec.lettura.test", "PEC Lettura Prova").freshDataDir();
        server.startAndWait();
        server.rest().createDomain("lettura.test");
        for (String a : List.of(MARIO, LUIGI)) {
            server.rest().adminPostJson("/api/admin/mailboxes", "{\"address\":\"" + a + "\",\"password\":\""
                    + WEB_PASSWORD + "\",\"holderName\":\"Titolare " + a + "\",\"referenceEmail\":\"ref@example.org\","
                    + "\"plan\":\"pro\",\"termYears\":1,\"autoRenew\":false,\"paymentToken\":\"tok-visa-4242\"}")
                    .requireOk("mailbox " + a);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (imageHost != null) {
            imageHost.stop(0);
        }
    }

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    private static int hitsOn(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    @Test
    void holderShouldReadAPecSafelyAndShareFlagsWithImap() throws Exception {
        String marioClient = server.rest().clientPassword(MARIO);
        String luigiClient = server.rest().clientPassword(LUIGI);
        Submission mario = new Submission(server, MARIO, marioClient);
        String image = "http://127.0.0.1:" + imageHost.getAddress().getPort();
        MimeMessage sent = htmlWithAttachment(mario, image);
        assertThat(mario.send(sent).accepted()).isTrue();
        // Mario's mail client keeps its copy in Sent, as clients do
        appendToSent(MARIO, marioClient, sent);

        PecMail envelope = new Mailbox(server, LUIGI, luigiClient).await("POSTA CERTIFICATA: " + SUBJECT, WAIT);
        new Mailbox(server, MARIO, marioClient).await("ACCETTAZIONE: " + SUBJECT, WAIT);

        try (Browser browser = new Browser("it-IT,it")) {
            signIn(browser, LUIGI);
            browser.open(https("/my/mail/index.xhtml"));
            assertThat(browser.heading()).isEqualTo("Posta in arrivo");
            assertThat(browser.text("#folders")).contains("Posta in arrivo (1)").contains("Inviata")
                    .contains("Cestino");
            WebElement row = messageRow(browser, "POSTA CERTIFICATA: " + SUBJECT);
            assertThat(row.findElement(By.cssSelector(".pec-badge")).getText()).isEqualTo("posta certificata");
            assertThat(row.findElement(By.cssSelector(".pec-marks")).getText()).contains("Allegato");
            assertThat(row.getAttribute("class")).contains("pec-unread-row");
            assertEveryInputLabelled(browser);
            browser.screenshot("webmail-inbox-it");

            // the original, its attachment and the verdict; the HTML in a sandboxed frame, remote image held back
            row.findElement(By.cssSelector("a.pec-open")).click();
            browser.waitForLoad();
            long uid = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*[?&]uid=(\\d+).*", "$1"));
            assertThat(browser.text("#badge")).isEqualTo("posta certificata");
            assertThat(browser.text("#bodyHeading")).isEqualTo("Messaggio originale");
            assertThat(browser.text("#from")).contains(MARIO);
            assertThat(browser.text("#signatureVerdict")).startsWith("Firma valida di un gestore PEC");
            assertThat(browser.text("#provider")).isEqualTo("PEC Lettura Prova");
            assertThat(browser.text("#daticertKind")).isEqualTo("messaggio di posta certificata");
            assertThat(browser.text("#daticertRecipients")).contains(LUIGI + " (certificato: casella PEC)");
            assertThat(browser.find("a.pec-attachment").getText()).isEqualTo("fattura.pdf");
            assertThat(browser.present("#showRemote")).isTrue();
            WebElement frame = browser.find("#htmlBody");
            assertThat(frame.getAttribute("sandbox")).doesNotContain("allow-scripts").doesNotContain("allow-same-origin");
            browser.driver().switchTo().frame(frame);
            assertThat(browser.driver().findElement(By.tagName("body")).getText()).contains("Gentile Luigi");
            assertThat(browser.driver().getPageSource()).doesNotContain("<script").doesNotContain("127.0.0.1");
            browser.driver().switchTo().defaultContent();
            Thread.sleep(1500); // time for a request the frame should not make
            assertThat(hitsOn("/logo.gif")).as("remote image before asking").isZero();
            assertThat(hitsOn("/script-ran")).as("the script ran").isZero();
            assertThat(browser.driver().getTitle()).doesNotContain("PWNED");
            assertEveryInputLabelled(browser);
            browser.screenshot("webmail-message-it");

            // the attachment and the exact .eml, downloaded by the browser
            String attachmentUrl = browser.find("a.pec-attachment").getAttribute("href");
            assertThat(fetchBytes(browser, attachmentUrl)).isEqualTo(PDF);
            byte[] eml = fetchBytes(browser, browser.find("#downloadEml").getAttribute("href"));
            assertThat(eml).isEqualTo(envelope.raw());
            OpenSsl.Result verified = OpenSsl.verifySmime(eml, server.caPemFile());
            if (OpenSsl.available()) {
                assertThat(verified.ok()).as(verified.stderr()).isTrue();
            }

            // remote images on request: now the image host is asked, the script still never runs
            browser.clickAndWait("#showRemote");
            browser.find("#htmlBody");
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (hitsOn("/logo.gif") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(hitsOn("/logo.gif")).as("remote image after asking").isPositive();
            assertThat(hitsOn("/script-ran")).isZero();
            browser.screenshot("webmail-message-remote-images");

            // flags are the store's: flagged here is \Flagged over IMAP; \Seen over IMAP is read here
            browser.clickAndWait("[id='actionsForm:flag']");
            assertThat(browser.text("[id='actionsForm:flagState']")).isEqualTo("Contrassegnato");
            browser.clickAndWait("[id='actionsForm:markUnread']");
            assertThat(imapFlags(LUIGI, luigiClient, uid, null)).contains(Flags.Flag.FLAGGED)
                    .doesNotContain(Flags.Flag.SEEN);
            imapFlags(LUIGI, luigiClient, uid, Flags.Flag.SEEN);
            browser.open(https("/my/mail/index.xhtml"));
            row = messageRow(browser, "POSTA CERTIFICATA: " + SUBJECT);
            assertThat(row.getAttribute("class")).contains("pec-read");
            assertThat(row.findElement(By.cssSelector(".pec-marks")).getText()).contains("Contrassegnato");

            // search by kind and sender; an own folder, and the message moved into it
            browser.open(https("/my/mail/index.xhtml?kind=acceptance"));
            assertThat(browser.text("#noMessages")).isEqualTo("Nessun messaggio corrisponde alla ricerca.");
            browser.open(https("/my/mail/index.xhtml?kind=certified&subject=NOVEMBRE"));
            row = messageRow(browser, "POSTA CERTIFICATA: " + SUBJECT);
            assertThat(row.findElement(By.cssSelector(".pec-from")).getText()).as("the sender the envelope carries")
                    .isEqualTo(MARIO);
            browser.type("[id='folderForm:newFolder']", "Fatture");
            browser.clickAndWait("[id='folderForm:create']");
            assertThat(browser.heading()).isEqualTo("Fatture");
            browser.open(https("/my/mail/index.xhtml"));
            messageRow(browser, "POSTA CERTIFICATA: " + SUBJECT).findElement(By.cssSelector("input[type=checkbox]"))
                    .click();
            new Select(browser.find("[id='bulkForm:moveTo']")).selectByValue("Fatture");
            browser.clickAndWait("[id='bulkForm:move']");
            assertThat(browser.text("#noMessages")).isEqualTo("La cartella è vuota.");
            browser.open(https("/my/mail/index.xhtml?folder=Fatture"));
            messageRow(browser, "POSTA CERTIFICATA: " + SUBJECT);
            browser.screenshot("webmail-own-folder");
            browser.clickAndWait("[id='signOutForm:signOut']");

            // Mario: the acceptance receipt, its badge and the way to the original in Sent
            signIn(browser, MARIO);
            browser.open(https("/my/mail/index.xhtml"));
            WebElement receipt = messageRow(browser, "ACCETTAZIONE: " + SUBJECT);
            assertThat(receipt.findElement(By.cssSelector(".pec-badge")).getText()).isEqualTo("accettazione");
            browser.screenshot("webmail-sender-inbox");
            receipt.findElement(By.cssSelector("a.pec-open")).click();
            browser.waitForLoad();
            assertThat(browser.text("#daticertKind")).isEqualTo("ricevuta di accettazione");
            assertThat(browser.text("#signatureVerdict")).startsWith("Firma valida");
            browser.screenshot("webmail-acceptance");
            browser.clickAndWait("[id='certifiedLink']");
            assertThat(browser.driver().getCurrentUrl()).contains("folder=Sent");
            assertThat(browser.text("#badge")).isEqualTo("posta ordinaria");
            assertThat(browser.heading()).isEqualTo(SUBJECT);

            // Luigi's folder and message are not Mario's: 404 whatever the URL says
            assertThat(status(browser, https("/my/mail/index.xhtml?folder=Fatture"))).isEqualTo(404);
            assertThat(status(browser, https("/my/mail/message.xhtml?folder=Fatture&uid=1"))).isEqualTo(404);
            assertThat(status(browser, https("/my/mail/content/eml?folder=Fatture&uid=1"))).isEqualTo(404);
            assertThat(status(browser, https("/my/mail/message.xhtml?folder=INBOX&uid=999"))).isEqualTo(404);
            assertThat(status(browser, https("/my/mail/content/eml?folder=INBOX&uid=999"))).isEqualTo(404);

            // in English
            browser.open(https("/my/mail/index.xhtml"));
            browser.clickAndWait("a[hreflang='en']");
            assertThat(browser.heading()).isEqualTo("Inbox");
            assertThat(messageRow(browser, "ACCETTAZIONE: " + SUBJECT).findElement(By.cssSelector(".pec-badge"))
                    .getText()).isEqualTo("acceptance (accettazione)");
            assertEveryInputLabelled(browser);
            browser.screenshot("webmail-inbox-en");
        }
    }

    private static MimeMessage htmlWithAttachment(Submission mario, String imageHostUrl) throws Exception {
        MimeMessage m = mario.text(SUBJECT, "ignored", List.of(LUIGI), List.of());
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Gentile Luigi, in allegato la fattura.", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setText("<html><head><script>document.title='PWNED';new Image().src='" + imageHostUrl
                + "/script-ran';</script></head><body><p>Gentile Luigi, in allegato la fattura.</p>"
                + "<img src=\"" + imageHostUrl + "/logo.gif\" alt=\"logo\" onerror=\"new Image().src='" + imageHostUrl
                + "/script-ran'\"><p style=\"background:url(" + imageHostUrl + "/bg.gif)\">Saluti</p></body></html>",
                "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(PDF, "application/pdf")));
        file.setFileName("fattura.pdf");
        file.setDisposition(MimeBodyPart.ATTACHMENT);
        // as mail programs send a PDF (its bytes kept exactly, line ends included)
        file.setHeader("Content-Transfer-Encoding", "base64");
        m.setContent(new MimeMultipart(body, file));
        m.saveChanges();
        return m;
    }

    private static Properties imapProperties() throws GeneralSecurityException {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory", TlsContexts.client(List.of(server.caCertificate())).getSocketFactory());
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "30000");
        return p;
    }

    private static void appendToSent(String address, String password, MimeMessage m) throws Exception {
        Store store = Session.getInstance(imapProperties()).getStore("imaps");
        store.connect("127.0.0.1", server.imapPort(), address, password);
        try {
            Folder sentFolder = store.getFolder("Sent");
            sentFolder.appendMessages(new Message[] {m});
        } finally {
            store.close();
        }
    }

    /** The IMAP flags of the INBOX message with {@code uid}, after setting {@code add} (when not null). */
    private static List<Flags.Flag> imapFlags(String address, String password, long uid, Flags.Flag add)
            throws Exception {
        Store store = Session.getInstance(imapProperties()).getStore("imaps");
        store.connect("127.0.0.1", server.imapPort(), address, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            Message m = ((UIDFolder) inbox).getMessageByUID(uid);
            assertThat(m).as("IMAP message with UID " + uid).isNotNull();
            if (add != null) {
                m.setFlag(add, true);
            }
            List<Flags.Flag> flags = List.of(m.getFlags().getSystemFlags());
            inbox.close(false);
            return flags;
        } finally {
            store.close();
        }
    }

    private static void signIn(Browser browser, String address) {
        browser.open(https("/my/login.xhtml"));
        browser.type("[id='login:address']", address);
        browser.type("[id='login:password']", WEB_PASSWORD);
        browser.clickAndWait("[id='login:signIn']");
        assertThat(browser.heading()).isEqualTo("La mia casella PEC");
    }

    private static WebElement messageRow(Browser browser, String subject) {
        browser.find("#messageList");
        return browser.driver().findElements(By.cssSelector("#messageList tr.pec-message-row")).stream()
                .filter(r -> r.findElement(By.cssSelector(".pec-subject a")).getText().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no row \"" + subject + "\" in "
                        + browser.text("#messageList")));
    }

    private static byte[] fetchBytes(Browser browser, String url) {
        Object b64 = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(buffer => {
                  let s = ''; const bytes = new Uint8Array(buffer);
                  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
                  done(btoa(s));
                }).catch(e => done('ERROR ' + e));
                """, url);
        assertThat(String.valueOf(b64)).doesNotStartWith("ERROR");
        return Base64.getDecoder().decode(String.valueOf(b64));
    }

    private static int status(Browser browser, String url) {
        Object s = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {redirect: 'manual'}).then(r => done(r.status)).catch(e => done(-1));
                """, url);
        return ((Number) s).intValue();
    }

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
