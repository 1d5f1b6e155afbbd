package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.SubjectTerm;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;

/**
 * The scripted user session of the issue, against the in-process servers: by Jakarta Mail's IMAP and POP3
 * providers and by Python's imaplib/poplib; downloaded receipts are byte-identical to the stored ones.
 */
class ImapScenarioTest {

    @TempDir
    Path tmp;

    AccessTestServer server;
    byte[] envelope;
    byte[] receipt;

    @BeforeEach
    void start() throws Exception {
        server = new AccessTestServer();
        PecMessageComposer composer = PecTestProvider.composer(SignatureProfile.DEFAULT);
        envelope = PecTestProvider.bytes(composer.transportEnvelope(PecTestProvider.original(), PecTestProvider.facts(),
                PecTestProvider.TIME));
        receipt = PecTestProvider.bytes(composer.acceptance(PecTestProvider.facts(), PecTestProvider.TIME));
        server.deliver(AccessTestServer.BOB, "INBOX", envelope);
        server.deliver(AccessTestServer.BOB, "INBOX", receipt);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Session session(String protocol) throws Exception {
        Properties p = new Properties();
        p.put("mail." + protocol + ".ssl.socketFactory", AccessTestServer.clientTls().getSocketFactory());
        p.put("mail." + protocol + ".ssl.checkserveridentity", "false");
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "10000");
        return Session.getInstance(p);
    }

    @Test
    void jakartaMailShouldReadMovePecMessagesAndGetExactReceipts() throws Exception {
        Store store = session("imaps").getStore("imaps");
        store.connect("127.0.0.1", server.imap.port(), AccessTestServer.BOB, AccessTestServer.PASSWORD);
        List<String> names = java.util.Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)
                .toList();
        assertThat(names).contains("INBOX", "Sent", "Drafts", "Trash", "Archive");
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertThat(inbox.getMessageCount()).isEqualTo(2);
        Message pec = inbox.getMessage(1);
        assertThat(pec.getHeader("X-Trasporto")).containsExactly("posta-certificata");
        MimeMultipart signed = (MimeMultipart) pec.getContent();
        MimeMultipart mixed = (MimeMultipart) signed.getBodyPart(0).getContent();
        Message postacert = null;
        for (int i = 0; i < mixed.getCount(); i++) {
            if (mixed.getBodyPart(i).isMimeType("message/rfc822")) {
                postacert = (Message) mixed.getBodyPart(i).getContent();
            }
        }
        assertThat(postacert).isNotNull();
        assertThat(postacert.getSubject()).isEqualTo(PecTestProvider.SUBJECT);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        inbox.getMessage(2).writeTo(got);
        assertThat(got.toByteArray()).isEqualTo(receipt);
        assertThat(inbox.search(new SubjectTerm("ACCETTAZIONE"))).hasSize(1);
        long uid = inbox.getUID(pec);
        inbox.setFlags(new Message[] {pec}, new Flags(Flags.Flag.SEEN), true);
        inbox.moveMessages(new Message[] {pec}, store.getFolder("Archive"));
        assertThat(pec.isExpunged()).isTrue();
        // a STATUS from a second folder object: what the server holds now
        assertThat(store.getFolder("Archive").getMessageCount()).isEqualTo(1);
        assertThat(store.getFolder("Trash").getMessageCount()).isZero();
        Folder archive = store.getFolder("Archive");
        archive.open(Folder.READ_ONLY);
        assertThat(archive.getMessageCount()).isEqualTo(1);
        assertThat(archive.getMessage(1).isSet(Flags.Flag.SEEN)).isTrue();
        assertThat(uid).isPositive();
        archive.close(false);
        inbox.close(false);
        store.close();

        Store pop = session("pop3s").getStore("pop3s");
        pop.connect("127.0.0.1", server.pop3.port(), AccessTestServer.BOB, AccessTestServer.PASSWORD);
        Folder popInbox = pop.getFolder("INBOX");
        popInbox.open(Folder.READ_ONLY);
        assertThat(popInbox.getMessageCount()).isEqualTo(1);
        ByteArrayOutputStream popped = new ByteArrayOutputStream();
        popInbox.getMessage(1).writeTo(popped);
        assertThat(popped.toByteArray()).isEqualTo(receipt);
        popInbox.close(false);
        pop.close();
    }

    @Test
    void pythonImaplibAndPoplibShouldRunTheScriptedSession() throws Exception {
        Assumptions.assumeTrue(python(), "python3 not installed: scripted session skipped");
        Path script = Path.of(getClass().getResource("/access/pec_session.py").toURI());
        Path ca = PecTestProvider.writeCaPem(tmp);
        String rif = PecTestProvider.facts().toString();
        String xrif = new String(receipt, StandardCharsets.ISO_8859_1).lines()
                .filter(l -> l.regionMatches(true, 0, "X-Riferimento-Message-ID:", 0, 25)).findFirst().orElseThrow()
                .substring(25).strip();
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1",
                String.valueOf(server.imap.port()), String.valueOf(server.pop3.port()), AccessTestServer.BOB,
                AccessTestServer.PASSWORD, ca.toString(), xrif, tmp.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("OK list", "OK postacert.eml", "OK moved to Archive", "OK append", "OK search",
                "OK pop3", "OK done");
        assertThat(Files.readAllBytes(tmp.resolve("receipt-imap.eml"))).isEqualTo(receipt);
        assertThat(Files.readAllBytes(tmp.resolve("receipt-pop3.eml"))).isEqualTo(receipt);
        assertThat(rif).isNotEmpty();
        // the expunged receipt released its blob; the envelope (in Archive) and the Sent copy remain
        assertThat(server.count("SELECT COUNT(*) FROM stored_message")).isEqualTo(2);
        assertThat(server.count("SELECT COUNT(*) FROM message_blob")).isEqualTo(2);
        assertThat(server.count("SELECT used_bytes FROM mailbox WHERE address = 'bob@b.test'"))
                .isEqualTo(envelope.length + server.count(
                        "SELECT size_bytes FROM stored_message m JOIN mail_folder f ON m.folder_id = f.id "
                                + "WHERE f.name = 'Sent'"));
        openssl(tmp.resolve("receipt-imap.eml"), ca);
    }

    private static void openssl(Path eml, Path ca) throws Exception {
        Process v;
        try {
            v = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            v.waitFor(10, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            System.out.println("openssl not installed: signature check of the downloaded receipt skipped");
            return;
        }
        Process p = new ProcessBuilder("openssl", "smime", "-verify", "-in", eml.toString(), "-CAfile", ca.toString(),
                "-purpose", "any", "-out", "/dev/null").redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Verification successful");
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }
}
