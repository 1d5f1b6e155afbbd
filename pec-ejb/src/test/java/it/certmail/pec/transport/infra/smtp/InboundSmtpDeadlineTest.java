package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.domain.SmtpReply;

/** The reception point's deadlines on a real socket, with short settings: 4 s between progress points (1 s under stress), 4 KB/s. */
class InboundSmtpDeadlineTest {

    private static final int MAX_CONNECTIONS = 8;
    private static final int STRESS_AT = 6;
    private InboundSmtpServer server;

    @BeforeEach
    void start() {
        SmtpServerSettings settings = SmtpServerSettings.defaults("mx.pec.test")
                .withConnections(MAX_CONNECTIONS, MAX_CONNECTIONS)
                .withConnectionTimeout(Duration.ofSeconds(60));
        server = new InboundSmtpServer(settings,
                new TransactionDeadline(Duration.ofSeconds(4), 4096, Duration.ofSeconds(1), STRESS_AT), 0, null,
                (from, rcpt, client) -> SmtpReply.ok("Ok"),
                (envelope, data) -> {
                    data.readAllBytes();
                    try {
                        Thread.sleep(5_000); // our own work: longer than the client's deadline, never held against it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return SmtpReply.ok("Taken in charge");
                },
                Executors.defaultThreadFactory(), Clock.systemUTC());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void aClientTricklingACommandShouldBeCutAtTheDeadline() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            c.reply();
            long t0 = System.nanoTime();
            String cut = null;
            for (int i = 0; i < 30 && cut == null; i++) {
                c.sendRaw("E"); // never a whole command
                try {
                    c.socketTimeout(500);
                    cut = c.reply();
                } catch (SocketTimeoutException stillOpen) {
                    // trickle on
                } catch (java.io.IOException closed) {
                    cut = "<closed>";
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(cut).startsWith("421 4.4.2");
            assertThat(ms).isBetween(3_500L, 7_000L);
        }
    }

    @Test
    void aPeerThatTalksAndSendsAtTheMinimumRateShouldNeverBeCut() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            c.reply();
            c.ehloLines("relay.other.test");
            assertThat(c.command("MAIL FROM:<posta-certificata@other.test>")).startsWith("250");
            Thread.sleep(3_000);
            assertThat(c.command("RCPT TO:<a@pec.test>")).startsWith("250");
            Thread.sleep(3_000);
            assertThat(c.command("RCPT TO:<b@pec.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            // 6 s of DATA at 5 KB/s (above 4 KB/s): longer than the 4 s grace
            c.sendRaw("Subject: slow but real\r\n\r\n");
            String line = "x".repeat(510) + "\r\n";
            for (int i = 0; i < 60; i++) {
                c.sendRaw(line);
                Thread.sleep(100);
            }
            c.socketTimeout(20_000);
            assertThat(c.data(null)).isEqualTo("250 2.0.0 Taken in charge");
            assertThat(c.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void aDataTrickleShouldBeCut() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            c.reply();
            c.ehloLines("relay.other.test");
            c.command("MAIL FROM:<x@other.test>");
            c.command("RCPT TO:<a@pec.test>");
            assertThat(c.command("DATA")).startsWith("354");
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) {
                try {
                    c.sendRaw("y");
                    c.socketTimeout(250);
                    String r = c.reply();
                    cut = r.startsWith("421");
                } catch (SocketTimeoutException stillOpen) {
                    // trickle on
                } catch (java.io.IOException closed) {
                    cut = true;
                }
            }
            assertThat(cut).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(3_500L, 8_000L);
        }
    }

    @Test
    void whenTheListenerIsFullStalledConnectionsShouldMakeRoomForAPeerQuickly() throws Exception {
        List<RawSmtpClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                RawSmtpClient c = RawSmtpClient.plain(server.port());
                assertThat(c.reply()).startsWith("220");
                stalled.add(c);
            }
            long t0 = System.nanoTime();
            String greeting = "";
            while (!greeting.startsWith("220") && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
                try (RawSmtpClient honest = RawSmtpClient.plain(server.port())) {
                    greeting = honest.reply(); // 421 while the listener is full
                } catch (java.io.IOException refused) {
                    greeting = "";
                }
                if (!greeting.startsWith("220")) {
                    Thread.sleep(200);
                }
            }
            assertThat(greeting).startsWith("220");
            // the stress grace (1 s) and the sweep's second, not the 4 s command timeout
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3_500);
            assertThat(stalled.get(0).reply()).startsWith("421 4.4.2");
        } finally {
            for (RawSmtpClient c : stalled) {
                c.close();
            }
        }
    }
}
