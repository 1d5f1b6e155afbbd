package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Browser;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.PecRest;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.Submission;

/**
 * Isolamento tra titolari: one real server, two holders (Anna and Bruno), each with mail of their own (a third
 * holder sends each a PEC message with a secret of theirs: the transport envelopes land in their INBOXes). Every call that
 * takes an id (a message id, a folder, a mailbox address, a UID or a message number) is tried by the one who does
 * not own it and must be refused (401/403/404, NO, -ERR) or show nothing of the other's; the same call by the owner
 * succeeds, so no row passes vacuously. REST (mailbox API with Basic auth, admin API), IMAP, POP3 and the webmail's
 * downloads under {@code /my/}.
 */
class IsolationE2E {

    private static final String WEB_PASSWORD = "Web-Password-1!";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String ANNA_SECRET = "Segreto-di-Anna-7241";
    private static final String BRUNO_SECRET = "Segreto-di-Bruno-5839";

    private static PecServer server;
    private static Mailbox anna;
    private static Mailbox bruno;
    private static Map<String, Object> annaMessage;
    private static Map<String, Object> brunoMessage;
    private static SSLContext tls;

    @BeforeAll
    static void startServer() throws Exception {
        server = new PecServer("isolation", "pec.isolation.test", "PEC Isolamento Prova").freshDataDir();
        server.startAndWait();
        server.rest().createDomain("iso.test");
        anna = server.mailbox("anna@iso.test", "Anna Isolata");
        bruno = server.mailbox("bruno@iso.test", "Bruno Isolato");
        // a third holder writes to each, so each holder's secret is in their own mailbox only (a sender's delivery
        // receipt carries the original: Anna sending to Bruno would hold Bruno's message legitimately)
        Mailbox carla = server.mailbox("carla@iso.test", "Carla Mittente");
        Submission smtp = new Submission(server, carla);
        assertThat(smtp.send(smtp.text("Per Anna", ANNA_SECRET, List.of(anna.address()), List.of())).accepted())
                .isTrue();
        assertThat(smtp.send(smtp.text("Per Bruno", BRUNO_SECRET, List.of(bruno.address()), List.of())).accepted())
                .isTrue();
        annaMessage = envelope(anna, "Per Anna");
        brunoMessage = envelope(bruno, "Per Bruno");
        tls = TlsContexts.client(List.of(server.caCertificate()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** One REST request: who asks, with which password, and the statuses for the owner and for the other. */
    private record Row(String what, String method, String path, String owner, String ownerPassword, String other,
            String otherPassword, List<Integer> refused) {
    }

    @Test
    void restCallsShouldNeverReachAnotherHoldersData() {
        String annaId = String.valueOf(annaMessage.get("id"));
        String brunoId = String.valueOf(brunoMessage.get("id"));
        List<Row> rows = List.of(
                new Row("Anna's envelope, raw", "GET", "/api/mailbox/messages/" + annaId + "/raw",
                        anna.address(), anna.password(), bruno.address(), bruno.password(), List.of(404)),
                new Row("Bruno's envelope, raw", "GET", "/api/mailbox/messages/" + brunoId + "/raw",
                        bruno.address(), bruno.password(), anna.address(), anna.password(), List.of(404)),
                // the right user name with the other's password
                new Row("Anna's INBOX with Bruno's password", "GET", "/api/mailbox/messages?folder=INBOX",
                        anna.address(), anna.password(), anna.address(), bruno.password(), List.of(401)),
                new Row("Anna's account with a wrong web password", "GET", "/api/mailbox/account",
                        anna.address(), WEB_PASSWORD, anna.address(), "Not-" + WEB_PASSWORD, List.of(401)),
                // the admin API is not for holders, whichever mailbox it names
                new Row("admin: Anna's mailbox", "GET", "/api/admin/mailboxes/" + enc(anna.address()),
                        "admin", PecServer.ADMIN_PASSWORD, bruno.address(), bruno.password(), List.of(401, 403)),
                new Row("admin: a new client password for Anna", "POST",
                        "/api/admin/mailboxes/" + enc(anna.address()) + "/client-password",
                        null, null, bruno.address(), bruno.password(), List.of(401, 403)),
                new Row("admin: Bruno's mailbox with Anna's web password", "GET",
                        "/api/admin/mailboxes/" + enc(bruno.address()),
                        "admin", PecServer.ADMIN_PASSWORD, anna.address(), WEB_PASSWORD, List.of(401, 403)));
        PecRest rest = server.rest();
        List<String> report = new ArrayList<>();
        for (Row r : rows) {
            PecRest.Response byOther = call(rest, r.method(), r.path(), r.other(), r.otherPassword());
            report.add(r.what() + ": other " + byOther.status());
            assertThat(r.refused()).as(r.what() + " by the other: " + byOther.text()).contains(byOther.status());
            assertThat(byOther.text()).as(r.what()).doesNotContain(ANNA_SECRET, BRUNO_SECRET);
            if (r.owner() != null) {
                PecRest.Response byOwner = call(rest, r.method(), r.path(), r.owner(), r.ownerPassword());
                report.add(r.what() + ": owner " + byOwner.status());
                assertThat(byOwner.status()).as(r.what() + " by the owner: " + byOwner.text()).isEqualTo(200);
            }
        }
        // listings show only one's own messages
        List<Object> annaIds = anna.list().stream().map(m -> m.get("id")).toList();
        List<Object> brunoIds = bruno.list().stream().map(m -> m.get("id")).toList();
        assertThat(annaIds).isNotEmpty().doesNotContainAnyElementsOf(brunoIds);
        assertThat(brunoIds).isNotEmpty().doesNotContainAnyElementsOf(annaIds);
        // a folder name that tries to walk into the other's mailbox
        for (String folder : List.of("../" + anna.address() + "/INBOX", anna.address() + "/INBOX", "%2F..%2FINBOX")) {
            PecRest.Response r = rest.get("/api/mailbox/messages?folder=" + enc(folder), bruno.address(),
                    bruno.password());
            report.add("Bruno lists folder " + folder + ": " + r.status());
            assertThat(r.status()).as(folder).isIn(400, 404, 200);
            if (r.status() == 200) {
                assertThat(r.text()).doesNotContain(String.valueOf(annaMessage.get("id")));
                assertThat(r.json() == null || r.text().equals("[]")).as(folder + " lists nothing").isTrue();
            }
        }
        System.out.println("=== IsolationE2E REST ===\n" + String.join("\n", report));
    }

    @Test
    void imapShouldKeepEachHolderInTheirOwnMailbox() throws Exception {
        long brunoUid = ((Number) brunoMessage.get("uid")).longValue();
        try (Imap owner = Imap.login(bruno)) {
            owner.ok("SELECT INBOX");
            assertThat(owner.run("UID FETCH " + brunoUid + " (BODY.PEEK[TEXT])")).contains(BRUNO_SECRET);
        }
        try (Imap other = Imap.login(anna)) {
            // Anna's own INBOX: her receipts, never Bruno's message, whatever UID she asks for
            other.ok("SELECT INBOX");
            assertThat(other.run("UID FETCH 1:* (BODY.PEEK[TEXT])")).doesNotContain(BRUNO_SECRET);
            assertThat(other.run("UID FETCH " + brunoUid + " (BODY.PEEK[TEXT])")).doesNotContain(BRUNO_SECRET);
            String list = other.run("LIST \"\" \"*\"");
            assertThat(list).doesNotContain(bruno.address());
            for (String mailbox : List.of(bruno.address() + "/INBOX", "../" + bruno.address() + "/INBOX",
                    "#shared/" + bruno.address() + "/INBOX", "/" + bruno.address(), "~" + bruno.address() + "/INBOX")) {
                String q = "\"" + mailbox + "\"";
                assertThat(other.tagged("SELECT " + q)).as("SELECT " + q).matches("\\S+ (NO|BAD) .*");
                assertThat(other.tagged("STATUS " + q + " (MESSAGES)")).as("STATUS " + q).matches("\\S+ (NO|BAD) .*");
                other.ok("SELECT INBOX");
                assertThat(other.tagged("UID COPY 1:* " + q)).as("COPY to " + q).matches("\\S+ (NO|BAD) .*");
                assertThat(other.tagged("APPEND " + q + " {4+}\r\nxxxx")).as("APPEND to " + q)
                        .matches("\\S+ (NO|BAD) .*");
            }
        }
        try (Imap c = Imap.connect()) {
            assertThat(c.tagged("LOGIN " + bruno.address() + " \"" + anna.password() + "\"")).contains(" NO ");
        }
        // nothing reached Bruno's mailbox by the attempts
        assertThat(bruno.list()).hasSize(1);
        try (Imap owner = Imap.login(anna)) {
            owner.ok("SELECT INBOX");
            assertThat(owner.run("UID FETCH 1:* (BODY.PEEK[TEXT])")).contains(ANNA_SECRET);
        }
    }

    @Test
    void pop3ShouldKeepEachHolderInTheirOwnMailbox() throws Exception {
        int brunoCount = bruno.list().size();
        try (Imap pop = Imap.pop3()) {
            pop.send("USER " + bruno.address());
            assertThat(pop.line()).startsWith("+OK");
            pop.send("PASS " + anna.password());
            assertThat(pop.line()).as("Bruno's mailbox with Anna's password").startsWith("-ERR");
        }
        try (Imap pop = Imap.pop3()) {
            pop.send("USER " + anna.address());
            pop.line();
            pop.send("PASS " + anna.password());
            assertThat(pop.line()).startsWith("+OK");
            pop.send("STAT");
            String stat = pop.line();
            int annaCount = Integer.parseInt(stat.split(" ")[1]);
            assertThat(annaCount).isEqualTo(anna.list().size());
            StringBuilder all = new StringBuilder();
            for (int n = 1; n <= annaCount; n++) {
                pop.send("RETR " + n);
                all.append(pop.untilDot());
            }
            assertThat(all.toString()).doesNotContain(BRUNO_SECRET);
            // message numbers beyond her own do not reach anyone else's
            pop.send("RETR " + (annaCount + brunoCount + 1));
            assertThat(pop.line()).startsWith("-ERR");
            pop.send("QUIT");
        }
        try (Imap pop = Imap.pop3()) {
            pop.send("USER " + bruno.address());
            pop.line();
            pop.send("PASS " + bruno.password());
            assertThat(pop.line()).startsWith("+OK");
            pop.send("RETR 1");
            assertThat(pop.untilDot()).as("the owner reads it").contains(BRUNO_SECRET);
            pop.send("QUIT");
        }
    }

    @Test
    void webmailDownloadsShouldServeOnlyTheSignedInHoldersMessages() throws Exception {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed");
        long brunoUid = ((Number) brunoMessage.get("uid")).longValue();
        String eml = "/my/mail/content/eml?folder=INBOX&uid=" + brunoUid;
        String body = "/my/mail/content/body?folder=INBOX&uid=" + brunoUid;
        String part = "/my/mail/content/part?folder=INBOX&uid=" + brunoUid + "&path=1";
        try (Browser owner = new Browser("it-IT,it")) {
            signIn(owner, bruno.address());
            assertThat(fetch(owner, eml)).as("the owner downloads it").startsWith("200 ").contains(BRUNO_SECRET);
        }
        try (Browser other = new Browser("it-IT,it")) {
            signIn(other, anna.address());
            for (String path : List.of(eml, body, part)) {
                String r = fetch(other, path);
                assertThat(r).as(path).doesNotContain(BRUNO_SECRET);
                // Anna has no message with that UID (her INBOX holds receipts with UIDs of their own) or it is hers
                assertThat(r).as(path).matches("(?s)(404|200) .*");
            }
            // another holder's mailbox named in the address: not switched to, the page stays on Anna's
            assertThat(fetch(other, "/my/renew.xhtml?mailbox=" + enc(bruno.address()))).startsWith("403 ");
            assertThat(fetch(other, "/my/renew.xhtml?mailbox=" + enc(anna.address()))).startsWith("200 ");
            // Anna's own message by the same kind of address: hers, with her secret
            long annaUid = ((Number) annaMessage.get("uid")).longValue();
            assertThat(fetch(other, "/my/mail/content/eml?folder=INBOX&uid=" + annaUid)).startsWith("200 ")
                    .contains(ANNA_SECRET);
        }
        try (Browser nobody = new Browser("it-IT,it")) {
            nobody.open(https("/my/login.xhtml"));
            assertThat(fetch(nobody, eml)).doesNotContain(BRUNO_SECRET);
        }
    }

    @Test
    void operatorsShouldNotDoWhatTheirRoleDoesNotAllow() {
        Assumptions.assumeTrue(Browser.installed(), "chromium and chromium-driver (Debian) are not installed");
        String auditor = "iso.revisore";
        String operator = "iso.operatore";
        String password = "Isolamento-Password-1";
        try (Browser admin = new Browser("en-GB,en")) {
            admin.open(https("/console/"));
            ConsoleOperatorsE2E.signInAndEnrol(admin, "admin", PecServer.ADMIN_PASSWORD);
            admin.open(https("/console/operators.xhtml"));
            ConsoleOperatorsE2E.createOperator(admin, auditor, "auditor", password);
            ConsoleOperatorsE2E.createOperator(admin, operator, "operator", password);
        }
        PecRest rest = server.rest();
        String anna = "/api/admin/mailboxes/" + enc(IsolationE2E.anna.address());
        // the credentials work: each reads what the role may read
        assertThat(rest.get(anna, auditor, password).status()).as("auditor reads a mailbox").isEqualTo(200);
        assertThat(rest.get(anna, operator, password).status()).as("operator reads a mailbox").isEqualTo(200);
        List<String> report = new ArrayList<>();
        record OpRow(String what, String user, String method, String path, String type, String body) {
        }
        List<OpRow> rows = List.of(
                // a client password would open Anna's mail: an auditor changes nothing
                new OpRow("auditor: a client password for Anna", auditor, "POST", anna + "/client-password", "application/json", ""),
                new OpRow("auditor: change Anna's mailbox", auditor, "PATCH", anna, "application/json",
                        "{\"acceptOrdinaryMail\": true}"),
                new OpRow("operator: the clock", operator, "POST", "/api/admin/clock/advance", "application/json",
                        "{\"hours\": 1}"),
                new OpRow("operator: import providers", operator, "POST", "/api/admin/providers", "text/plain", ""),
                new OpRow("auditor: run a job", auditor, "POST", "/api/admin/jobs/lifecycle/run", "application/json",
                        ""));
        for (OpRow r : rows) {
            PecRest.Response byRole = r.method().equals("PATCH") ? rest.patch(r.path(), r.user(), password, r.body())
                    : rest.post(r.path(), r.user(), password, r.type(), r.body().getBytes(StandardCharsets.UTF_8));
            report.add(r.what() + ": " + byRole.status());
            assertThat(byRole.status()).as(r.what() + ": " + byRole.text()).isEqualTo(403);
            assertThat(byRole.text()).doesNotContain("\"password\"");
        }
        // the admin may: the same kind of call succeeds
        assertThat(rest.adminPost(anna + "/client-password", "application/json", "").status()).isEqualTo(200);
        // Anna's client password changed above: the fixtures keep a fresh one
        IsolationE2E.anna = server.existingMailbox(IsolationE2E.anna.address());
        System.out.println("=== IsolationE2E roles ===\n" + String.join("\n", report));
    }

    // --- helpers ---

    /** The transport envelope of the message with this subject in the mailbox's INBOX, once it arrived. */
    private static Map<String, Object> envelope(Mailbox m, String subject) {
        m.await(e -> String.valueOf(e.get("subject")).contains(subject), 1, WAIT, subject);
        return m.list().stream().filter(e -> String.valueOf(e.get("subject")).contains(subject)).findFirst()
                .orElseThrow();
    }

    private static PecRest.Response call(PecRest rest, String method, String path, String user, String password) {
        return method.equals("POST") ? rest.post(path, user, password, "application/json", new byte[0])
                : rest.get(path, user, password);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String https(String path) {
        return "https://localhost:" + server.httpsPort() + path;
    }

    private static void signIn(Browser browser, String address) {
        browser.open(https("/my/login.xhtml"));
        browser.type("[id='login:address']", address);
        browser.type("[id='login:password']", WEB_PASSWORD);
        browser.clickAndWait("[id='login:signIn']");
        assertThat(browser.driver().getCurrentUrl()).doesNotContain("login.xhtml");
    }

    /** "status body" of a same-origin fetch in the browser's session. */
    private static String fetch(Browser browser, String path) {
        Object r = ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch('" + path + "', {redirect: 'manual'}).then(r => r.text().then(t => done(r.status + ' ' + t)))"
                + ".catch(e => done(String(e)));");
        return String.valueOf(r);
    }

    /** A line-oriented TLS client for IMAP (tagged commands) and POP3. */
    private static final class Imap implements Closeable {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        private Imap(int port) throws IOException {
            socket = (SSLSocket) tls.getSocketFactory().createSocket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            in = socket.getInputStream();
            out = socket.getOutputStream();
            line(); // greeting
        }

        static Imap connect() throws IOException {
            return new Imap(server.imapPort());
        }

        static Imap pop3() throws IOException {
            return new Imap(server.pop3Port());
        }

        static Imap login(Mailbox m) throws IOException {
            Imap c = connect();
            c.ok("LOGIN " + m.address() + " \"" + m.password() + "\"");
            return c;
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    String s = b.toString(StandardCharsets.UTF_8);
                    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                }
                b.write(c);
            }
            throw new IOException("connection closed");
        }

        /** All lines of a command's answer, the tagged one last. */
        String run(String command) throws IOException {
            String t = "t" + (++tag);
            send(t + " " + command);
            StringBuilder all = new StringBuilder();
            while (true) {
                String l = line();
                all.append(l).append('\n');
                if (l.startsWith(t + " ")) {
                    return all.toString();
                }
            }
        }

        /** The tagged line of a command's answer. */
        String tagged(String command) throws IOException {
            String all = run(command);
            String[] lines = all.split("\n");
            return lines[lines.length - 1];
        }

        void ok(String command) throws IOException {
            String t = tagged(command);
            assertThat(t).as(command).matches("\\S+ OK.*");
        }

        /** A POP3 multi-line answer up to the lone dot. */
        String untilDot() throws IOException {
            StringBuilder all = new StringBuilder();
            String first = line();
            all.append(first).append('\n');
            if (!first.startsWith("+OK")) {
                return all.toString();
            }
            while (true) {
                String l = line();
                if (l.equals(".")) {
                    return all.toString();
                }
                all.append(l).append('\n');
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
