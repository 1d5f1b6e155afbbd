package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.domain.RecipientPolicy;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.StorageAdmission;

/** The free-space guard on the real SMTP servers: a full disk is a 452 the client retries, never a 250. */
class StorageAdmissionTest {

    private static final String USER = "alice@pec.test";
    private static final String PASSWORD = "s3cret-Password";

    private final AtomicBoolean room = new AtomicBoolean(true);
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final SmtpServerSettings settings = SmtpServerSettings.defaults("mx.pec.test")
            .withConnectionTimeout(Duration.ofSeconds(20));
    private InboundSmtpServer inbound;
    private SubmissionSmtpServer submission;

    @AfterEach
    void stop() {
        if (inbound != null) {
            inbound.stop();
        }
        if (submission != null) {
            submission.stop();
        }
    }

    @Test
    void receptionShouldRefuseAtRcptWhileTheDiskIsLowAndTakeMailWhenSpaceReturns() throws Exception {
        inbound = new InboundSmtpServer(settings, 0, TestTls.server(),
                StorageAdmission.guardRecipients(RecipientPolicy.acceptAll(), room::get),
                StorageAdmission.guardReceptions((envelope, data) -> {
                    data.readAllBytes();
                    handled.add(envelope.mailFrom());
                    return SmtpReply.ok("Taken in charge");
                }, room::get), Executors.defaultThreadFactory());
        inbound.start();
        try (RawSmtpClient c = RawSmtpClient.plain(inbound.port())) {
            c.reply();
            c.command("EHLO relay.other.test");
            room.set(false);
            assertThat(c.command("MAIL FROM:<first@other.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@pec.test>"))
                    .isEqualTo("452 4.3.1 Insufficient system storage, try again later");
            c.command("RSET");
            room.set(true);
            assertThat(c.command("MAIL FROM:<second@other.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@pec.test>")).startsWith("250");
            // the disk fills between RCPT and DATA: still refused, and the session goes on
            room.set(false);
            assertThat(c.data(RawSmtpClient.stuff(SubmissionSmtpServerTest.message("late"))))
                    .startsWith("452 4.3.1");
            room.set(true);
            assertThat(c.command("MAIL FROM:<third@other.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@pec.test>")).startsWith("250");
            assertThat(c.data(RawSmtpClient.stuff(SubmissionSmtpServerTest.message("ok")))).startsWith("250");
        }
        assertThat(handled).containsExactly("third@other.test");
    }

    @Test
    void submissionShouldRefuseAtDataWithoutCallingTheHandler() throws Exception {
        startSubmission();
        try (RawSmtpClient c = authenticated()) {
            room.set(false);
            assertThat(transaction(c, "bob@pec.test")).isEqualTo("452 4.3.1 Insufficient system storage, try again later");
            room.set(true);
            assertThat(transaction(c, "bob@pec.test")).isEqualTo("250 2.0.0 Queued");
        }
        assertThat(handled).containsExactly("bob@pec.test");
    }

    @Test
    void aFullDiskMetWhileStoringShouldBeATemporaryRefusalNeverA250() throws Exception {
        startSubmission();
        try (RawSmtpClient c = authenticated()) {
            assertThat(transaction(c, "enospc@pec.test")).startsWith("451 4.3.0");
            assertThat(transaction(c, "bob@pec.test")).startsWith("250");
        }
    }

    private void startSubmission() {
        submission = new SubmissionSmtpServer(settings, 0, -1, TestTls.server(),
                (user, password, from) -> USER.equals(user) && PASSWORD.equals(password),
                StorageAdmission.guardSubmissions((envelope, data) -> {
                    data.readAllBytes();
                    String rcpt = envelope.recipients().get(0);
                    if (rcpt.startsWith("enospc")) {
                        // what a spool file or the database write throws when the disk is full
                        throw new IOException("No space left on device");
                    }
                    handled.add(rcpt);
                    return SmtpReply.ok("Queued");
                }, room::get), Executors.defaultThreadFactory(), Clock.systemUTC());
        submission.start();
    }

    private RawSmtpClient authenticated() throws IOException {
        RawSmtpClient c = RawSmtpClient.implicitTls(submission.implicitTlsPort(), TestTls.clientTrustingOurCa());
        c.reply();
        c.command("EHLO client.test");
        assertThat(c.authPlain(USER, PASSWORD)).startsWith("235");
        return c;
    }

    private static String transaction(RawSmtpClient c, String rcpt) throws IOException {
        c.command("MAIL FROM:<" + USER + ">");
        c.command("RCPT TO:<" + rcpt + ">");
        return c.data(RawSmtpClient.stuff(SubmissionSmtpServerTest.message("x")));
    }
}
