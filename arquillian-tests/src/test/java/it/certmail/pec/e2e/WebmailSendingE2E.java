package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecMail;
import it.certmail.pec.e2e.support.PecServer;

/**
 * La webmail che invia: two real providers ({@code ./pec run}: A for {@code a.test}, B for {@code b.test}, each
 * trusting the other) and Debian's headless Chromium. Alice signs in to A's holder area, composes a PEC with an
 * attachment to Bob (A), Dave (B) and, in Cc, Carol (A), with a crafted {@code bcc} field added to the form and the
 * send button posted twice at once; the message goes once, to the three only; the acceptance and the three delivery
 * receipts appear in the sent message's panels (reloaded until they do); the copy is in Sent; the receipts downloaded
 * from the panels pass {@code openssl smime -verify}; Bob reads it over IMAP with its attachment. Then a draft is
 * saved and reopened, and Bob answers from the reply link. Screenshots go to {@code target/screenshots/}.
 */
class WebmailSendingE2E {

    private static final String WEB_PASSWORD = "Web-Password-1!";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static PecServer a;
    private static PecServer b;
    private static Mailbox alice;
    private static Mailbox bob;
    private static Mailbox carol;
    private static Mailbox dave;
    private static Mailbox spy;

    @BeforeAll
    static void startProviders() {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed");
        a = new PecServer("wma", "pec.a.test", "Gestore A").freshDataDir();
        b = new PecServer("wmb", "pec.b.test", "Gestore B").freshDataDir();
        String toB = "127.0.0.1:" + b.inboundPort();
        String toA = "127.0.0.1:" + a.inboundPort();
        a.env("PEC_RELAY_ROUTES", "b.test=" + toB + ",pec.b.test=" + toB);
        b.env("PEC_RELAY_ROUTES", "a.test=" + toA + ",pec.a.test=" + toA);
        a.start();
        b.start();
        a.awaitHealthy();
        b.awaitHealthy();
        a.rest().createDomain("a.test");
        b.rest().createDomain("b.test");
        alice = a.mailbox("alice@a.test", "Alice Bianchi");
        bob = a.mailbox("bob@a.test", "Bob Rossi");
        carol = a.mailbox("carol@a.test", "Carol Verdi");
        spy = a.mailbox("spy@a.test", "Nessuno");
        dave = b.mailbox("dave@b.test", "Dave Neri");
        a.rest().importProviders(b.rest().providerLdif());
        b.rest().importProviders(a.rest().providerLdif());
        a.rest().addTrustAnchors(b.rest().providerCaPem());
        b.rest().addTrustAnchors(a.rest().providerCaPem());
    }

    @AfterAll
    static void stopProviders() {
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
    }

    private static String https(PecServer server, String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    @Test
    void aPecComposedInTheBrowserShouldGoOnceWithItsReceiptsAtAGlance() throws Exception {
        String subject = "Contratto firmato " + System.nanoTime();
        byte[] attachment = new byte[200_000];
        new Random(11).nextBytes(attachment);
        Path file = Files.write(PecServer.workDir().resolve("contratto-firmato.pdf"), attachment);
        String attachmentName = file.getFileName().toString();

        try (Browser browser = new Browser("it-IT,it")) {
            signIn(browser, a, alice.address());
            browser.open(https(a, "/my/mail/compose.xhtml"));
            assertThat(browser.heading()).isEqualTo("Scrivi una PEC");
            assertThat(browser.present("[name*='bcc' i]")).as("no Bcc field").isFalse();
            assertThat(browser.text("#noBcc")).contains("Ccn");
            assertEveryInputLabelled(browser);
            browser.screenshot("webmail-compose-empty");

            // a wrong address is named next to its field, and what was typed stays
            browser.type("[id='composeForm:to']", bob.address() + ", non-un-indirizzo");
            browser.type("[id='composeForm:subject']", subject);
            browser.clickAndWait("[id='composeForm:send']");
            assertThat(browser.text("[id='composeForm:toMessage']")).contains("non-un-indirizzo");
            assertThat(browser.find("[id='composeForm:subject']").getAttribute("value")).isEqualTo(subject);
            browser.screenshot("webmail-compose-invalid-address");

            browser.type("[id='composeForm:to']", bob.address() + ", " + dave.address());
            browser.type("[id='composeForm:cc']", carol.address());
            browser.type("[id='composeForm:text']", "Buongiorno,\nin allegato il contratto firmato.\n");
            browser.find("input[type='radio'][value='breve']").click();
            browser.driver().findElement(By.cssSelector("input[type='file']")).sendKeys(file.toString());
            browser.clickAndWait("[id='composeForm:attach']");
            assertThat(browser.text("#attachments .pec-attachment-name")).isEqualTo(attachmentName);
            assertThat(browser.find("input[type='radio'][value='breve']").isSelected()).isTrue();
            browser.screenshot("webmail-compose-filled");

            // a crafted Bcc in the post, and the send button posted twice at once
            List<String> answers = postSendTwice(browser, spy.address());
            assertThat(answers).hasSize(2);
            assertThat(String.join("\n", answers)).contains("Questo modulo è già stato inviato");

            // receipts at a glance: reloaded until the acceptance and the three deliveries are there
            browser.open(https(a, "/my/mail/sent.xhtml"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (delivered(browser, subject) < 3 && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                browser.clickAndWait("#reload");
            }
            WebElement sent = sentSection(browser, subject);
            assertThat(delivered(browser, subject)).as("delivery receipts shown for %s", subject).isEqualTo(3);
            assertThat(browser.driver().findElements(By.cssSelector(".pec-sent")).stream()
                    .filter(s -> s.getText().contains(subject)).count()).as("sent once").isEqualTo(1);
            List<String> recipients = sent.findElements(By.cssSelector(".pec-receipt-panel")).stream()
                    .map(p -> p.getAttribute("data-recipient")).toList();
            assertThat(recipients).containsExactlyInAnyOrder(bob.address(), carol.address(), dave.address());
            for (String r : recipients) {
                WebElement panel = sent.findElement(By.cssSelector("[data-recipient='" + r + "']"));
                assertThat(panel.findElements(By.cssSelector(".pec-step-ACCEPTANCE"))).hasSize(1);
                assertThat(panel.findElement(By.cssSelector(".pec-state")).getText()).isEqualTo("consegnato");
                assertThat(panel.findElement(By.cssSelector(".pec-step-DELIVERY .pec-step-open")).getAttribute("href"))
                        .contains("/my/mail/message.xhtml?folder=INBOX&uid=");
            }
            assertThat(sent.findElements(By.cssSelector("[data-recipient='" + dave.address() + "'] .pec-step-TAKE_CHARGE")))
                    .as("presa in carico from provider B").hasSize(1);
            browser.screenshot("webmail-sent-receipts");

            // the signed receipts, downloaded from the panels, verify with openssl against their issuers' CAs
            if (OpenSsl.available()) {
                byte[] acceptance = download(browser, sent, bob.address(), "ACCEPTANCE");
                byte[] bobDelivery = download(browser, sent, bob.address(), "DELIVERY");
                byte[] daveDelivery = download(browser, sent, dave.address(), "DELIVERY");
                assertThat(new String(acceptance, StandardCharsets.ISO_8859_1)).contains("X-Ricevuta: accettazione");
                assertThat(OpenSsl.verifySmime(acceptance, a.caPemFile()).ok()).isTrue();
                assertThat(OpenSsl.verifySmime(bobDelivery, a.caPemFile()).ok()).isTrue();
                OpenSsl.Result dv = OpenSsl.verifySmime(daveDelivery, b.caPemFile());
                assertThat(dv.ok()).as("dave's delivery receipt: %s", dv.stderr()).isTrue();
            } else {
                System.out.println("NOTE: openssl not found: the downloaded receipts were not verified");
            }
            // another holder's receipt is not served
            assertThat(status(browser, "/my/mail/receipt.eml?id=999999999")).isEqualTo(404);
        }

        // the copy is in Sent, once, with no Bcc
        List<Map<String, Object>> sentCopies = a.rest().messages(alice.address(), alice.password(), "Sent").stream()
                .filter(m -> subject.equals(m.get("subject"))).toList();
        assertThat(sentCopies).hasSize(1);
        String sentRaw = new String(a.rest().raw(alice.address(), alice.password(), String.valueOf(sentCopies.get(0).get("id"))),
                StandardCharsets.ISO_8859_1);
        assertThat(sentRaw).doesNotContainIgnoringCase("bcc:").doesNotContain(spy.address())
                .containsIgnoringCase("X-TipoRicevuta: breve");

        // the recipients get it once, with the attachment; Bob over IMAP
        Message envelope = imapEnvelope(bob, "POSTA CERTIFICATA: " + subject);
        PecMail bobsCopy = new PecMail(bob.address(), "imap", rawOf(envelope));
        assertThat(bobsCopy.fileNames()).contains("postacert.eml", attachmentName);
        assertThat(new String(bobsCopy.raw(), StandardCharsets.ISO_8859_1)).doesNotContain(spy.address());
        PecMail davesCopy = dave.await("POSTA CERTIFICATA: " + subject, WAIT);
        assertThat(davesCopy.fileNames()).contains(attachmentName);
        assertThat(carol.await("POSTA CERTIFICATA: " + subject, WAIT).fileNames()).contains(attachmentName);
        assertThat(bob.afterQuietPeriod("POSTA CERTIFICATA: " + subject, Duration.ofSeconds(3))).hasSize(1);
        assertThat(spy.list()).as("the crafted Bcc reached nobody").isEmpty();
    }

    @Test
    void aDraftShouldReopenAndAReplyShouldAnswerThePerson() throws Exception {
        String subject = "Bozza " + System.nanoTime();
        try (Browser browser = new Browser("it-IT,it")) {
            signIn(browser, a, alice.address());
            browser.open(https(a, "/my/mail/compose.xhtml"));
            browser.type("[id='composeForm:to']", bob.address());
            browser.type("[id='composeForm:subject']", subject);
            browser.type("[id='composeForm:text']", "Prima stesura");
            browser.clickAndWait("[id='composeForm:saveDraft']");
            assertThat(browser.text(".ui-messages")).contains("La bozza è salvata");
            List<Map<String, Object>> drafts = a.rest().messages(alice.address(), alice.password(), "Drafts").stream()
                    .filter(m -> subject.equals(m.get("subject"))).toList();
            assertThat(drafts).hasSize(1);
            long uid = imapUid(alice, "Drafts", subject);
            browser.open(https(a, "/my/mail/compose.xhtml?draft=" + uid));
            assertThat(browser.find("[id='composeForm:subject']").getAttribute("value")).isEqualTo(subject);
            assertThat(browser.find("[id='composeForm:to']").getAttribute("value")).isEqualTo(bob.address());
            assertThat(browser.find("[id='composeForm:text']").getAttribute("value")).isEqualTo("Prima stesura");
            browser.screenshot("webmail-draft-reopened");
            browser.clickAndWait("[id='composeForm:send']");
            assertThat(browser.driver().getCurrentUrl()).contains("/my/mail/sent.xhtml");
            assertThat(browser.text(".ui-messages")).contains("Accettato");
            assertThat(a.rest().messages(alice.address(), alice.password(), "Drafts").stream()
                    .filter(m -> subject.equals(m.get("subject")))).as("the sent draft is gone").isEmpty();

            // the address suggestions complete the address after a comma too, keeping what is before it
            browser.open(https(a, "/my/mail/compose.xhtml"));
            String first = "altro@esempio.example.org";
            browser.type("[id='composeForm:to']", first + ", " + bob.address().substring(0, 3));
            List<String> offered = browser.driver().findElements(By.cssSelector("#pastRecipients option")).stream()
                    .map(o -> o.getAttribute("value")).toList();
            assertThat(offered).contains(first + ", " + bob.address())
                    .allMatch(o -> o.startsWith(first + ", "));
            browser.type("[id='composeForm:to']", bob.address().substring(0, 3));
            offered = browser.driver().findElements(By.cssSelector("#pastRecipients option")).stream()
                    .map(o -> o.getAttribute("value")).toList();
            assertThat(offered).as("no comma: the plain addresses").contains(bob.address());
        }
        bob.await("POSTA CERTIFICATA: " + subject, WAIT);
        long envelopeUid = imapUid(bob, "INBOX", "POSTA CERTIFICATA: " + subject);
        try (Browser browser = new Browser("en-US,en")) {
            signIn(browser, a, bob.address());
            browser.open(https(a, "/my/mail/compose.xhtml?folder=INBOX&uid=" + envelopeUid + "&mode=reply"));
            assertThat(browser.heading()).isEqualTo("Write a PEC");
            assertThat(browser.find("[id='composeForm:to']").getAttribute("value")).isEqualTo(alice.address());
            assertThat(browser.find("[id='composeForm:subject']").getAttribute("value")).isEqualTo("Re: " + subject);
            assertThat(browser.find("[id='composeForm:text']").getAttribute("value")).contains("> Prima stesura");
            browser.screenshot("webmail-reply-en");
            browser.clickAndWait("[id='composeForm:send']");
            assertThat(browser.text(".ui-messages")).contains("Accepted");
            assertThat(browser.heading()).isEqualTo("Sent messages and receipts");
            browser.screenshot("webmail-sent-en");
            // the forward carries the signed envelope as it is
            browser.open(https(a, "/my/mail/compose.xhtml?folder=INBOX&uid=" + envelopeUid + "&mode=forward"));
            assertThat(browser.find("[id='composeForm:subject']").getAttribute("value")).isEqualTo("Fwd: " + subject);
            assertThat(browser.text("#attachments .pec-attachment-name")).endsWith(".eml");
            // someone else's mailbox is out of reach: a UID that is not in Bob's INBOX opens nothing
            browser.open(https(a, "/my/mail/compose.xhtml?folder=INBOX&uid=999999&mode=reply"));
            assertThat(browser.text(".ui-messages")).contains("not in this mailbox");
        }
        PecMail reply = alice.await("POSTA CERTIFICATA: Re: " + subject, WAIT);
        byte[] inner = reply.postacertEml().orElseThrow();
        MimeMessage original = new MimeMessage(Session.getInstance(new Properties()),
                new java.io.ByteArrayInputStream(inner));
        assertThat(original.getHeader("In-Reply-To", null)).isNotBlank();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void signIn(Browser browser, PecServer server, String address) {
        browser.open(https(server, "/my/login.xhtml"));
        browser.type("[id='login:address']", address);
        browser.type("[id='login:password']", WEB_PASSWORD);
        browser.clickAndWait("[id='login:signIn']");
    }

    private static WebElement sentSection(Browser browser, String subject) {
        return browser.driver().findElements(By.cssSelector(".pec-sent")).stream()
                .filter(s -> s.getText().contains(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no sent message " + subject));
    }

    private static long delivered(Browser browser, String subject) {
        return browser.driver().findElements(By.cssSelector(".pec-sent")).stream()
                .filter(s -> s.getText().contains(subject))
                .mapToLong(s -> s.findElements(By.cssSelector(".pec-step-DELIVERY .pec-step-eml")).size()).sum();
    }

    /** Adds a {@code bcc} field to the compose form and posts its send button twice at once: the pages' texts. */
    @SuppressWarnings("unchecked")
    private static List<String> postSendTwice(Browser browser, String bcc) {
        return (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const form = document.getElementById('composeForm');
                for (const name of ['bcc', 'composeForm:bcc', 'Bcc']) {
                  const i = document.createElement('input');
                  i.type = 'hidden'; i.name = name; i.value = arguments[0];
                  form.appendChild(i);
                }
                const body = () => { const d = new FormData(form); d.append('composeForm:send', 'composeForm:send');
                                     return d; };
                Promise.all([fetch(form.action, {method: 'POST', body: body()}),
                             fetch(form.action, {method: 'POST', body: body()})])
                  .then(rs => Promise.all(rs.map(r => r.text()))).then(done).catch(e => done([String(e)]));
                """, bcc);
    }

    private static byte[] download(Browser browser, WebElement sent, String recipient, String step) {
        String href = sent.findElement(By.cssSelector("[data-recipient='" + recipient + "'] .pec-step-" + step
                + " .pec-step-eml")).getAttribute("href");
        String b64 = (String) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(buf => {
                  let s = ''; const bytes = new Uint8Array(buf);
                  for (let i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
                  done(btoa(s));
                }).catch(e => done('!' + e));
                """, href);
        assertThat(b64).doesNotStartWith("!");
        return Base64.getDecoder().decode(b64);
    }

    private static long status(Browser browser, String path) {
        return (Long) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => done(r.status)).catch(e => done(-1));
                """, path);
    }

    private static Store imap(Mailbox m) throws Exception {
        Properties p = new Properties();
        p.put("mail.imaps.ssl.socketFactory",
                TlsContexts.client(List.of(m.server().caCertificate())).getSocketFactory());
        p.put("mail.imaps.ssl.checkserveridentity", "false");
        p.put("mail.imaps.connectiontimeout", "10000");
        p.put("mail.imaps.timeout", "30000");
        Store store = Session.getInstance(p).getStore("imaps");
        store.connect("127.0.0.1", m.server().imapPort(), m.address(), m.password());
        return store;
    }

    /** The one message of Bob's INBOX with this subject, read over IMAP (waiting for it). */
    private static Message imapEnvelope(Mailbox m, String subject) throws Exception {
        m.await(subject, WAIT);
        Store store = imap(m);
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        List<Message> found = new ArrayList<>();
        for (Message msg : inbox.getMessages()) {
            if (subject.equals(msg.getSubject())) {
                found.add(new MimeMessage((MimeMessage) msg));
            }
        }
        inbox.close(false);
        store.close();
        assertThat(found).as("IMAP %s: %s", m.address(), subject).hasSize(1);
        return found.get(0);
    }

    private static long imapUid(Mailbox m, String folder, String subject) throws Exception {
        Store store = imap(m);
        try {
            Folder f = store.getFolder(folder);
            f.open(Folder.READ_ONLY);
            for (Message msg : f.getMessages()) {
                if (subject.equals(msg.getSubject())) {
                    return ((UIDFolder) f).getUID(msg);
                }
            }
            throw new AssertionError("no " + subject + " in " + folder + " of " + m.address());
        } finally {
            store.close();
        }
    }

    private static byte[] rawOf(Message m) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static void assertEveryInputLabelled(Browser browser) {
        for (WebElement input : browser.driver().findElements(By.cssSelector("input:not([type=hidden]), textarea, select"))) {
            String id = input.getAttribute("id");
            if (id == null || id.isEmpty() || "submit".equals(input.getAttribute("type"))) {
                continue;
            }
            assertThat(browser.driver().findElements(By.cssSelector("label[for='" + id + "']")))
                    .as("a visible label for #%s", id).isNotEmpty();
        }
    }
}
